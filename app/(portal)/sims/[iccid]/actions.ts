"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
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
