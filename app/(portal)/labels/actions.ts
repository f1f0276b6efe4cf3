"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { createLabel, deleteLabel, updateLabel } from "@/lib/labels/labels";
import { logger } from "@/lib/logger";

// The labels page's actions. Each is a public POST endpoint: the viewer comes from the session,
// and lib/labels/labels.ts checks the permission and the label's owner against the viewer's scope.
// The form only names the label, its name and colour, and (staff) its owner.

// Generous bounds: the real checks, with their messages, are lib/labels/labels.ts's.
const text = (max: number) => z.string().max(max);
const OWNER_PLATFORM = "platform";

export type CreateLabelState = {
  // Counts submissions, so the form remounts with the right defaults after each one.
  attempt: number;
  message: string | null;
  created: string | null;
  values: { name: string; color: string; owner: string } | null;
};

const createLabelSchema = z.object({ name: text(200), color: text(32), owner: text(64).optional() });

function failure(error: unknown, fallback: string): string {
  if (error instanceof AppError) return error.userMessage;
  logger.error(fallback, { error });
  return `${fallback}; try again.`;
}

function refresh(): void {
  revalidatePath("/labels");
  revalidatePath("/sims", "layout");
}

// POST (action) /labels: create a label; staff and company admins.
export async function createLabelAction(previous: CreateLabelState, form: FormData): Promise<CreateLabelState> {
  const viewer = await requireViewer();
  // The previous state comes back from the browser: only a plain count is trusted.
  const attempt = Number.isSafeInteger(previous.attempt) ? previous.attempt + 1 : 1;
  const parsed = createLabelSchema.safeParse({ name: form.get("name") ?? "", color: form.get("color") ?? "", owner: form.get("owner") ?? undefined });
  if (!parsed.success) return { attempt, message: "Give the label a name and a colour.", created: null, values: null };
  const { name, color, owner } = parsed.data;
  // Only staff's form has an owner field; a company admin's labels are their company's anyway.
  const companyId = owner === undefined ? undefined : owner === OWNER_PLATFORM ? null : owner;
  let created: string;
  try {
    created = (await createLabel(viewer, scopeOf(viewer), { name, color, companyId }, now())).name;
  } catch (error) {
    return { attempt, message: failure(error, "The label could not be created"), created: null, values: { name, color, owner: owner ?? "" } };
  }
  refresh();
  return { attempt, message: null, created, values: null };
}

export type UpdateLabelState = { message: string | null; saved: boolean };

const updateLabelSchema = z.object({ labelId: text(64), name: text(200), color: text(32) });

// POST (action) /labels: rename and recolour a label; staff and company admins (their company's).
export async function updateLabelAction(_previous: UpdateLabelState, form: FormData): Promise<UpdateLabelState> {
  const viewer = await requireViewer();
  const parsed = updateLabelSchema.safeParse({ labelId: form.get("labelId"), name: form.get("name") ?? "", color: form.get("color") ?? "" });
  if (!parsed.success) return { message: "Give the label a name and a colour.", saved: false };
  const { labelId, name, color } = parsed.data;
  try {
    await updateLabel(viewer, scopeOf(viewer), labelId, { name, color }, now());
  } catch (error) {
    return { message: failure(error, "The label could not be saved"), saved: false };
  }
  refresh();
  return { message: null, saved: true };
}

export type DeleteLabelState = { message: string | null };

// POST (action) /labels: delete a label, taking it off every SIM; staff and company admins.
export async function deleteLabelAction(_previous: DeleteLabelState, form: FormData): Promise<DeleteLabelState> {
  const viewer = await requireViewer();
  const parsed = text(64).safeParse(form.get("labelId"));
  if (!parsed.success) return { message: "This label does not exist." };
  try {
    await deleteLabel(viewer, scopeOf(viewer), parsed.data, now());
  } catch (error) {
    return { message: failure(error, "The label could not be deleted") };
  }
  refresh();
  return { message: null };
}
