"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { NOTE_MAX_LENGTH } from "@/lib/sims/note-limits";
import { updateSimNote } from "@/lib/sims/notes";
import { OPERATION_KINDS, requestSimOperation } from "@/lib/sims/operations";
import { runSimOperations } from "@/lib/sims/operations-job";

export type OperationFormState = { message: string | null };

const requestOperationSchema = z.object({
  iccid: z.string().regex(/^\d{18,22}$/),
  kind: z.enum(OPERATION_KINDS),
});

// POST from the SIM page: suspend or resume at the operator. Session, permission and scope are
// checked by requestSimOperation itself; the form only names the SIM and the operation.
export async function requestSimOperationAction(_previous: OperationFormState, form: FormData): Promise<OperationFormState> {
  const viewer = await requireViewer();
  const parsed = requestOperationSchema.safeParse({ iccid: form.get("iccid"), kind: form.get("kind") });
  if (!parsed.success) return { message: "This operation cannot be asked for." };
  try {
    await requestSimOperation(viewer, scopeOf(viewer), parsed.data.iccid, parsed.data.kind, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage };
    logger.error("requesting a SIM operation failed", { error });
    return { message: "The operation could not be asked for; try again." };
  }
  // Start at once rather than at the next scheduled run; the scheduler picks up what this misses.
  after(async () => {
    await runSimOperations({ db: getDb(), now }).catch((error: unknown) => logger.error("run-operations after a request failed", { error }));
  });
  revalidatePath(`/sims/${parsed.data.iccid}`);
  return { message: null };
}

export type NoteFormState = { message: string | null; saved: boolean };

const updateNoteSchema = z.object({
  iccid: z.string().regex(/^\d{18,22}$/),
  note: z.string().max(NOTE_MAX_LENGTH * 2),
});

// POST from the SIM page: the SIM's note. Permission and scope are checked by updateSimNote.
export async function updateSimNoteAction(_previous: NoteFormState, form: FormData): Promise<NoteFormState> {
  const viewer = await requireViewer();
  const parsed = updateNoteSchema.safeParse({ iccid: form.get("iccid"), note: form.get("note") ?? "" });
  if (!parsed.success) return { message: `A note can be at most ${NOTE_MAX_LENGTH} characters.`, saved: false };
  try {
    await updateSimNote(viewer, scopeOf(viewer), parsed.data.iccid, parsed.data.note, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, saved: false };
    logger.error("saving a SIM note failed", { error });
    return { message: "The note could not be saved; try again.", saved: false };
  }
  revalidatePath(`/sims/${parsed.data.iccid}`);
  return { message: null, saved: true };
}
