"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { validateIccid } from "@/lib/sims/iccid";
import { runSimOperations } from "@/lib/sims/operations-job";
import { requestSimSwap } from "@/lib/sims/swap";

export type SwapFormState = { message: string | null; newIccid: string };

const requestSwapSchema = z.object({
  iccid: z.string().regex(/^\d{18,22}$/),
  newIccid: z.string().max(64),
});

// POST from the SIM page: swap this SIM for a spare one. Session, permission and the scope of
// both SIMs are checked by requestSimSwap; the form only names the two SIMs.
export async function requestSimSwapAction(_previous: SwapFormState, form: FormData): Promise<SwapFormState> {
  const viewer = await requireViewer();
  const parsed = requestSwapSchema.safeParse({ iccid: form.get("iccid"), newIccid: form.get("newIccid") ?? "" });
  if (!parsed.success) return { message: "Type the ICCID printed on the new SIM (19 or 20 digits).", newIccid: "" };
  const typed = parsed.data.newIccid;
  const valid = validateIccid(typed);
  if (!valid.ok) return { message: `${valid.error}.`, newIccid: typed };
  try {
    await requestSimSwap(viewer, scopeOf(viewer), parsed.data.iccid, valid.iccid, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, newIccid: typed };
    logger.error("requesting a SIM swap failed", { error });
    return { message: "The swap could not be asked for; try again.", newIccid: typed };
  }
  // Start at once rather than at the next scheduled run; the scheduler picks up what this misses.
  after(async () => {
    await runSimOperations({ db: getDb(), now }).catch((error: unknown) => logger.error("run-operations after a swap request failed", { error }));
  });
  revalidatePath(`/sims/${parsed.data.iccid}`);
  revalidatePath(`/sims/${valid.iccid}`);
  return { message: null, newIccid: "" };
}
