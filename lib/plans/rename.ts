import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { planTermsColumns } from "@/db/queries/plan-columns";
import { auditLog, operators, plans } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { generatedPlanName, planName } from "@/lib/sims/plan-name";
import { PLAN_NAME_MAX_LENGTH } from "./name-limits";

// A plan's name is generated from its terms; staff may give it a name of their own, shown
// wherever the plan is named. Clearing it (or typing the generated name) goes back to the
// generated one. Only the name changes: the terms of a plan in use are never edited.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type RenameResult = { changed: boolean; name: string };

export async function renamePlan(viewer: Pick<Viewer, "userId" | "role" | "requestId">, planId: string, customName: string, at: Date): Promise<RenameResult> {
  if (!can(viewer, "sims:assign-product")) throw new AppError("forbidden", "Only platform staff can rename plans.");
  const text = customName.trim();
  if (text.length > PLAN_NAME_MAX_LENGTH) throw new AppError("invalid_input", `A plan name can be at most ${PLAN_NAME_MAX_LENGTH} characters.`);
  if (CONTROL.test(text)) throw new AppError("invalid_input", "A plan name cannot contain line breaks or other control characters.");
  if (!UUID.test(planId)) throw new AppError("not_found", "This plan does not exist.");
  return getDb().transaction(async (tx) => {
    const [plan] = await tx
      .select({ ...planTermsColumns, operatorName: operators.name })
      .from(plans)
      .innerJoin(operators, eq(operators.id, plans.operatorId))
      .where(eq(plans.id, planId))
      .for("update", { of: plans });
    if (!plan) throw new AppError("not_found", "This plan does not exist.");
    const generated = generatedPlanName(plan.operatorName, plan);
    const next = text === "" || text === generated ? null : text;
    const name = next ?? generated;
    if (plan.customName === next) return { changed: false, name };
    await tx.update(plans).set({ customName: next }).where(eq(plans.id, plan.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "plan.rename",
        targetType: "plan",
        targetId: plan.id,
        companyId: null,
        before: { customName: plan.customName, name: planName(plan.operatorName, plan) },
        after: { customName: next, name },
      }),
    );
    return { changed: true, name };
  });
}
