"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type PlanFormState, planFormValuesFrom, rawTermsOf } from "@/lib/plans/plan-form-values";
import { planFieldErrors, planTermsSchema } from "@/lib/plans/plan-input";
import { createPlan } from "@/lib/plans/plans";

// POST (action) /admin/plans/new: create a plan; platform staff only. The permission is checked
// here and again by createPlan, which owns the rules and the audit entry.
export async function createPlanAction(previous: PlanFormState, form: FormData): Promise<PlanFormState> {
  const viewer = await requirePermission("sims:assign-product");
  const attempt = previous.attempt + 1;
  const values = planFormValuesFrom(form);
  const refused = (message: string, fieldErrors: Record<string, string> = {}): PlanFormState => ({ attempt, status: "refused", message, fieldErrors, values });

  const parsed = planTermsSchema.safeParse(rawTermsOf(values));
  if (!values.operatorId) return refused("Nothing was saved: correct the fields marked below.", { operatorId: "Choose an operator.", ...(parsed.success ? {} : planFieldErrors(parsed.error)) });
  if (!parsed.success) return refused("Nothing was saved: correct the fields marked below.", planFieldErrors(parsed.error));

  let planId: string;
  try {
    ({ planId } = await createPlan(viewer, { operatorId: values.operatorId, terms: parsed.data }, now()));
  } catch (error) {
    if (error instanceof AppError) return refused(error.userMessage);
    logger.error("creating a plan failed", { error });
    return refused("The plan could not be saved; try again.");
  }
  revalidatePath("/admin/plans");
  redirect(`/admin/plans/${planId}`);
}
