"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireViewer, scopeOf, type Viewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assignProductChange, storeUseChange, type ProductInput } from "@/lib/sims/product";
import { changeOneSim, type SimChange, type SimOutcome } from "@/lib/sims/sim-change";

// The SIM page's product form and store toggle. Each is a public POST endpoint: the session is
// loaded here; the permission ("sims:assign-product", staff) and the SIM's scope are checked by
// changeOneSim, so a forged form from anyone else changes nothing.

export type ProductFormState = { status: "idle" | "saved" | "unchanged" | "refused"; message: string | null };

const iccid = z.string().regex(/^\d{18,22}$/);
// "keep": the SIM's plan is retired, so it is not among the choices and stays as it is.
const assignProductSchema = z.object({
  iccid,
  planId: z.union([z.literal("keep"), z.literal(""), z.uuid()]),
  // Absent when the company cannot be changed (a store eSIM): kept as it is.
  companyId: z.union([z.literal(""), z.uuid()]).optional(),
});

const setStoreUseSchema = z.object({ iccid, storeUse: z.enum(["true", "false"]) });

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

async function run<Input, Prepared>(viewer: Viewer, sim: string, change: SimChange<Input, Prepared>, input: Input, what: string): Promise<ProductFormState> {
  let result: SimOutcome;
  try {
    result = await changeOneSim(viewer, scopeOf(viewer), sim, change, input, now());
  } catch (error) {
    if (error instanceof AppError) return { status: "refused", message: error.userMessage };
    logger.error(`saving a SIM's ${what} failed`, { error });
    return { status: "refused", message: `The ${what} could not be saved; try again.` };
  }
  if (result.outcome === "unchanged") return { status: "unchanged", message: "Nothing to change: the SIM already has this." };
  revalidatePath(`/sims/${sim}`);
  return { status: "saved", message: "Saved." };
}

// POST (action) /sims/[iccid]: the SIM's plan and company; platform staff only.
export async function assignProductAction(_previous: ProductFormState, form: FormData): Promise<ProductFormState> {
  const viewer = await requireViewer();
  const parsed = assignProductSchema.safeParse({ iccid: field(form, "iccid"), planId: field(form, "planId"), companyId: field(form, "companyId") });
  if (!parsed.success) return { status: "refused", message: "Choose a plan and a company from the lists." };
  const { planId, companyId } = parsed.data;
  const input: ProductInput = {
    planId: planId === "keep" ? undefined : planId === "" ? null : planId,
    companyId: companyId === undefined ? undefined : companyId === "" ? null : companyId,
  };
  return run(viewer, parsed.data.iccid, assignProductChange, input, "product");
}

// POST (action) /sims/[iccid]: add an eSIM to the store or take it out; platform staff only.
export async function setStoreUseAction(_previous: ProductFormState, form: FormData): Promise<ProductFormState> {
  const viewer = await requireViewer();
  const parsed = setStoreUseSchema.safeParse({ iccid: field(form, "iccid"), storeUse: field(form, "storeUse") });
  if (!parsed.success) return { status: "refused", message: "This change cannot be asked for." };
  return run(viewer, parsed.data.iccid, storeUseChange, parsed.data.storeUse === "true", "store setting");
}
