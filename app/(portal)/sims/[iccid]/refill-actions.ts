"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { grantRefillChange } from "@/lib/billing/refill-grant";
import { STAFF_NOTE_MAX_LENGTH } from "@/lib/billing/staff-note";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { changeOneSim } from "@/lib/sims/sim-change";

// `values` are what was typed, shown again after a refusal (React clears a form after each submission).
export type RefillFormState = { message: string | null; done: string | null; values: { packageId: string; note: string } | null };

const grantRefillSchema = z.object({
  iccid: z.string().regex(/^\d{18,22}$/),
  packageId: z.string().max(100),
  note: z.string().max(STAFF_NOTE_MAX_LENGTH * 2),
  idempotencyKey: z.string().max(100),
});

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

// POST (action) /sims/[iccid]: staff refill a prepaid SIM without a payment. Permission
// ("sims:grant-refill") and the SIM's scope are checked by changeOneSim.
export async function grantRefillAction(_previous: RefillFormState, form: FormData): Promise<RefillFormState> {
  const viewer = await requireViewer();
  const values = { packageId: field(form, "packageId"), note: field(form, "note") };
  const parsed = grantRefillSchema.safeParse({ ...values, iccid: field(form, "iccid"), idempotencyKey: field(form, "idempotencyKey") });
  if (!parsed.success) return { message: "Choose a package and say why.", done: null, values };
  const { iccid, ...grant } = parsed.data;
  let outcome;
  try {
    outcome = await changeOneSim(viewer, scopeOf(viewer), iccid, grantRefillChange, grant, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, done: null, values };
    logger.error("refilling a SIM failed", { error, requestId: viewer.requestId });
    return { message: "The refill could not be made; try again.", done: null, values };
  }
  revalidatePath(`/sims/${iccid}`);
  return { message: null, done: outcome.outcome === "changed" ? "Refilled." : "This refill was already made.", values: null };
}
