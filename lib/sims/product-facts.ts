import { eq, inArray } from "drizzle-orm";
import { planTermsColumns } from "@/db/queries/plan-columns";
import { companies, operators, plans, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { planName } from "./plan-name";
import type { Tx } from "./sim-change";

// What the product change reads besides the SIMs: the plan and company it assigns, and the names
// and owners of what the SIMs have now. One query per kind of fact, whatever the batch size.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ProductPlan = {
  id: string;
  operatorId: string;
  operatorName: string;
  name: string;
  type: "prepaid" | "subscription" | "paygo";
  retired: boolean;
  dataBytes: number | null;
  validityDays: number | null;
};

export type ProductCompany = { id: string; name: string };

async function plansById(tx: Tx, ids: readonly string[]): Promise<Map<string, ProductPlan>> {
  const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
  if (wanted.length === 0) return new Map();
  const rows = await tx
    .select({ ...planTermsColumns, operatorId: plans.operatorId, operatorName: operators.name, retired: plans.retired })
    .from(plans)
    .innerJoin(operators, eq(operators.id, plans.operatorId))
    .where(inArray(plans.id, wanted));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        operatorId: row.operatorId,
        operatorName: row.operatorName,
        name: planName(row.operatorName, row),
        type: row.type,
        retired: row.retired,
        dataBytes: row.dataBytes,
        validityDays: row.validityDays,
      },
    ]),
  );
}

// A plan id from a form or a bulk request: anything that is not a plan that can be sold now is
// refused before any SIM is touched.
export async function assignablePlanOrThrow(tx: Tx, id: string): Promise<ProductPlan> {
  // Shared lock: an edit of the plan (versioning it, lib/plans/plans.ts) waits for this
  // assignment, or this one for the edit, so a SIM never gets terms that were just replaced.
  if (UUID.test(id)) await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, id)).for("share");
  const plan = (await plansById(tx, [id])).get(id);
  if (!plan) throw new AppError("invalid_input", "This plan does not exist.");
  if (plan.retired) throw new AppError("invalid_input", `The plan "${plan.name}" is retired: choose its current version.`);
  if (plan.type === "prepaid" && (plan.dataBytes === null || plan.validityDays === null)) {
    throw new AppError("invalid_input", `The plan "${plan.name}" has no data or validity to grant.`);
  }
  return plan;
}

export async function companyOrThrow(tx: Tx, id: string): Promise<ProductCompany> {
  const [company] = UUID.test(id) ? await tx.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, id)) : [];
  if (!company) throw new AppError("invalid_input", "This company does not exist.");
  return company;
}

export type ProductFacts = {
  plans: Map<string, ProductPlan>;
  companyNames: Map<string, string>;
  operatorNames: Map<string, string>;
  // The company of each end user linked to the SIMs (null: an end user of no company).
  endUserCompanies: Map<string, string | null>;
};

export async function loadProductFacts(
  tx: Tx,
  sims: readonly { planId: string | null; companyId: string | null; operatorId: string; endUserId: string | null }[],
): Promise<ProductFacts> {
  const present = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
  const companyIds = present(sims.map((s) => s.companyId));
  const endUserIds = present(sims.map((s) => s.endUserId));
  const operatorIds = present(sims.map((s) => s.operatorId));
  const [planMap, companyRows, operatorRows, endUserRows] = await Promise.all([
    plansById(tx, present(sims.map((s) => s.planId))),
    companyIds.length > 0 ? tx.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, companyIds)) : [],
    operatorIds.length > 0 ? tx.select({ id: operators.id, name: operators.name }).from(operators).where(inArray(operators.id, operatorIds)) : [],
    endUserIds.length > 0 ? tx.select({ id: users.id, companyId: users.companyId }).from(users).where(inArray(users.id, endUserIds)) : [],
  ]);
  return {
    plans: planMap,
    companyNames: new Map(companyRows.map((c) => [c.id, c.name])),
    operatorNames: new Map(operatorRows.map((o) => [o.id, o.name])),
    endUserCompanies: new Map(endUserRows.map((u) => [u.id, u.companyId])),
  };
}
