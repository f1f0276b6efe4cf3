"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { formatDateTime } from "@/lib/format";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assignSimEndUser, EMAIL_MAX_LENGTH, type AssignEndUserResult, type InviteDelivery, removeSimEndUser } from "@/lib/sims/end-user";

export type EndUserFormState = {
  message: string | null;
  // What the person typed, given back after a refusal so they need not type it again.
  email: string;
  done: "assigned" | "unchanged" | "removed" | null;
  // Shown once: the link of an invitation just made, and whether it went out by e-mail.
  invite: { url: string; email: string; expires: string; delivery: InviteDelivery } | null;
};

const iccidSchema = z.string().regex(/^\d{18,22}$/);
const assignEndUserSchema = z.object({ iccid: iccidSchema, email: z.string().max(EMAIL_MAX_LENGTH * 2) });

function failed(error: unknown, email: string, what: string): EndUserFormState {
  if (error instanceof AppError) return { message: error.userMessage, email, done: null, invite: null };
  logger.error(`${what} failed`, { error });
  return { message: "The end user could not be changed; try again.", email, done: null, invite: null };
}

// POST from the SIM page: link an end user by e-mail (created and invited if new). Permission,
// scope and the person's company are checked by assignSimEndUser; the form only names the SIM
// and the e-mail.
export async function assignEndUserAction(_previous: EndUserFormState, form: FormData): Promise<EndUserFormState> {
  const viewer = await requireViewer();
  const parsed = assignEndUserSchema.safeParse({ iccid: form.get("iccid"), email: form.get("email") ?? "" });
  if (!parsed.success) return { message: "Enter a valid e-mail address, such as ana@example.com.", email: "", done: null, invite: null };
  const { iccid, email } = parsed.data;
  let result: AssignEndUserResult;
  try {
    result = await assignSimEndUser(viewer, scopeOf(viewer), iccid, email, now());
  } catch (error) {
    return failed(error, email, "assigning an end user");
  }
  revalidatePath(`/sims/${iccid}`);
  const invite = result.invite ? { url: result.invite.url, email: result.invite.email, expires: formatDateTime(result.invite.expiresAt), delivery: result.invite.delivery } : null;
  return { message: null, email: "", done: result.outcome.outcome === "unchanged" ? "unchanged" : "assigned", invite };
}

// POST from the SIM page: unlink the end user. The person keeps their account and other SIMs.
export async function removeEndUserAction(_previous: EndUserFormState, form: FormData): Promise<EndUserFormState> {
  const viewer = await requireViewer();
  const parsed = iccidSchema.safeParse(form.get("iccid"));
  if (!parsed.success) return { message: "This SIM does not exist.", email: "", done: null, invite: null };
  try {
    await removeSimEndUser(viewer, scopeOf(viewer), parsed.data, now());
  } catch (error) {
    return failed(error, "", "removing an end user");
  }
  revalidatePath(`/sims/${parsed.data}`);
  return { message: null, email: "", done: "removed", invite: null };
}
