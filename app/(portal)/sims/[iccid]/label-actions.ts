"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { changeOneSim, type SimChange } from "@/lib/sims/sim-change";
import { addLabelsChange, removeLabelsChange, type PreparedLabels, type SimLabelsInput } from "@/lib/sims/sim-labels";

// The SIM page's label actions. Each is a public POST endpoint: the viewer comes from the
// session; changeOneSim checks the permission and the SIM's scope, the change checks the label's.

export type SimLabelState = { message: string | null };

const simLabelSchema = z.object({
  iccid: z.string().regex(/^\d{18,22}$/),
  labelId: z.string().min(1).max(64),
});

type LabelChange = SimChange<SimLabelsInput, PreparedLabels>;

async function changeLabel(form: FormData, change: LabelChange, failed: string): Promise<SimLabelState> {
  const viewer = await requireViewer();
  const parsed = simLabelSchema.safeParse({ iccid: form.get("iccid"), labelId: form.get("labelId") });
  if (!parsed.success) return { message: "Choose a label." };
  try {
    await changeOneSim(viewer, scopeOf(viewer), parsed.data.iccid, change, { labelIds: [parsed.data.labelId] }, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage };
    logger.error("changing a SIM's labels failed", { error });
    return { message: `${failed}; try again.` };
  }
  revalidatePath(`/sims/${parsed.data.iccid}`);
  return { message: null };
}

// POST (action) /sims/[iccid]: put a label on the SIM; staff and company admins (sims:label).
export async function addSimLabelAction(_previous: SimLabelState, form: FormData): Promise<SimLabelState> {
  return changeLabel(form, addLabelsChange, "The label could not be added");
}

// POST (action) /sims/[iccid]: take a label off the SIM; staff and company admins (sims:label).
export async function removeSimLabelAction(_previous: SimLabelState, form: FormData): Promise<SimLabelState> {
  return changeLabel(form, removeLabelsChange, "The label could not be removed");
}
