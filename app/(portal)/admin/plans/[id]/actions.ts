"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type PlanFormState, planFormValuesFrom, rawTermsOf } from "@/lib/plans/plan-form-values";
import { planFieldErrors, planTermsSchema } from "@/lib/plans/plan-input";
import { setPlanRetired, updatePlanTerms } from "@/lib/plans/plans";

// The plan page's actions. Each is a public POST endpoint: it loads the viewer from the session
// and asks for the permission itself; the domain functions check it again and own the rules.

function planIdOf(form: FormData): string {
  const value = form.get("planId");
  return typeof value === "string" ? value : "";
}

// POST (action) /admin/plans/[id]: change a plan's terms (in place, or as a new version when SIMs
// are on it); platform staff only.
export async function updatePlanTermsAction(previous: PlanFormState, form: FormData): Promise<PlanFormState> {
  const viewer = await requirePermission("sims:assign-product");
  const attempt = previous.attempt + 1;
  const values = planFormValuesFrom(form);
  const refused = (message: string, fieldErrors: Record<string, string> = {}): PlanFormState => ({ attempt, status: "refused", message, fieldErrors, values });

  const parsed = planTermsSchema.safeParse(rawTermsOf(values));
  if (!parsed.success) return refused("Nothing was saved: correct the fields marked below.", planFieldErrors(parsed.error));

  let result;
  try {
    result = await updatePlanTerms(viewer, planIdOf(form), parsed.data, now());
  } catch (error) {
    if (error instanceof AppError) return refused(error.userMessage);
    logger.error("changing a plan's terms failed", { error });
    return refused("The plan could not be saved; try again.");
  }
  if (result.outcome === "unchanged") return { attempt, status: "unchanged", message: "Nothing to save: these are the plan's terms already.", fieldErrors: {}, values };
  // Plan names (generated from the terms) show on SIM pages and lists too.
  revalidatePath("/", "layout");
  redirect(`/admin/plans/${result.planId}`);
}

export type RetireFormState = { message: string | null };

// POST (action) /admin/plans/[id]: take a plan off sale or put it back; platform staff only.
export async function setPlanRetiredAction(_previous: RetireFormState, form: FormData): Promise<RetireFormState> {
  const viewer = await requirePermission("sims:assign-product");
  const planId = planIdOf(form);
  try {
    await setPlanRetired(viewer, planId, form.get("retired") === "true", now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage };
    logger.error("retiring a plan failed", { error });
    return { message: "The plan could not be changed; try again." };
  }
  revalidatePath("/", "layout");
  return { message: null };
}
