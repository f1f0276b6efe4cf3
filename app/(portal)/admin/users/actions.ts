"use server";

import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { logger } from "@/lib/logger";
import type { InviteDelivery } from "@/lib/sims/end-user";
import { changeUserRole, inviteCompanyAdmin, setUserActive } from "@/lib/users/manage";

// POSTs from /admin/users. The domain functions check the session's permission (staff), the
// lock-out guards and every field themselves; the forms only name the person and the values.

const USERS_PATH = "/admin/users";

function failure(error: unknown, what: string, requestId: string | null | undefined): string {
  if (error instanceof AppError) return error.userMessage;
  logger.error(`${what} failed`, { error, requestId });
  return `The ${what} could not be saved; try again.`;
}

const text = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};

export type InviteAdminFormState = {
  message: string | null;
  // What was typed and chosen, given back after a refusal.
  email: string;
  companyId: string;
  // Shown once: the link just made and whether it went out by e-mail.
  invite: { email: string; url: string; expires: string; delivery: InviteDelivery; reinvited: boolean } | null;
};

export async function inviteCompanyAdminAction(_previous: InviteAdminFormState, form: FormData): Promise<InviteAdminFormState> {
  const viewer = await requireViewer();
  const email = text(form, "email");
  const companyId = text(form, "companyId");
  try {
    const result = await inviteCompanyAdmin(viewer, { email, companyId }, now());
    revalidatePath(USERS_PATH);
    return {
      message: null,
      email: "",
      companyId: "",
      invite: { email: result.email, url: result.inviteUrl, expires: formatDateTime(result.expiresAt), delivery: result.delivery, reinvited: result.reinvited },
    };
  } catch (error) {
    return { message: failure(error, "invitation", viewer.requestId), email: email.slice(0, 300), companyId: companyId.slice(0, 40), invite: null };
  }
}

export type UserChangeFormState = { message: string | null; done: string | null };

export async function changeUserRoleAction(_previous: UserChangeFormState, form: FormData): Promise<UserChangeFormState> {
  const viewer = await requireViewer();
  try {
    const result = await changeUserRole(viewer, text(form, "userId"), { role: text(form, "role"), companyId: text(form, "companyId") }, now());
    revalidatePath(USERS_PATH);
    if (!result.changed) return { message: null, done: "Nothing to change." };
    const sims = result.removedFromSims.length;
    return { message: null, done: sims > 0 ? `Saved. Removed as end user of ${sims} SIM${sims === 1 ? "" : "s"}.` : "Saved." };
  } catch (error) {
    return { message: failure(error, "role change", viewer.requestId), done: null };
  }
}

export async function setUserActiveAction(_previous: UserChangeFormState, form: FormData): Promise<UserChangeFormState> {
  const viewer = await requireViewer();
  const wanted = text(form, "active");
  if (wanted !== "true" && wanted !== "false") return { message: "This change cannot be asked for.", done: null };
  const active = wanted === "true";
  try {
    const result = await setUserActive(viewer, text(form, "userId"), active, now());
    revalidatePath(USERS_PATH);
    if (!result.changed) return { message: null, done: active ? "Already active." : "Already deactivated." };
    return { message: null, done: active ? "Reactivated." : "Deactivated." };
  } catch (error) {
    return { message: failure(error, active ? "reactivation" : "deactivation", viewer.requestId), done: null };
  }
}
