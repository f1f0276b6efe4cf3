import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { companies, operators, plans, sims } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { generatedPlanName, planName } from "@/lib/sims/plan-name";
import { planTermsColumns } from "./plan-columns";

// Plans and companies as platform staff pick them: the plans page, the SIM page's product form
// and bulk actions. Plans and the list of companies are platform data, not a tenant's: the
// option helpers are for pages and actions that already required "sims:assign-product".

export type PlanOption = { id: string; operatorId: string; operatorName: string; name: string };
export type CompanyOption = { id: string; name: string };

export type PlanRow = {
  id: string;
  operatorId: string;
  operatorName: string;
  type: "prepaid" | "subscription" | "paygo";
  currency: string;
  generatedName: string;
  customName: string | null;
  name: string;
  version: number;
  retired: boolean;
  simCount: number;
};

const optionColumns = { ...planTermsColumns, operatorId: plans.operatorId, operatorName: operators.name };

function toOption(row: { id: string; operatorId: string; operatorName: string } & Parameters<typeof planName>[1]): PlanOption {
  return { id: row.id, operatorId: row.operatorId, operatorName: row.operatorName, name: planName(row.operatorName, row) };
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, "en");

// Every plan that can still be assigned, of every operator, by operator then name.
export async function listPlanOptions(): Promise<PlanOption[]> {
  const rows = await getDb()
    .select(optionColumns)
    .from(plans)
    .innerJoin(operators, eq(operators.id, plans.operatorId))
    .where(eq(plans.retired, false));
  return rows.map(toOption).sort((a, b) => a.operatorName.localeCompare(b.operatorName, "en") || byName(a, b));
}

// The plans a SIM of this operator can be given: a plan is sold for one operator's SIMs.
export async function planOptionsForOperator(operatorId: string): Promise<PlanOption[]> {
  const rows = await getDb()
    .select(optionColumns)
    .from(plans)
    .innerJoin(operators, eq(operators.id, plans.operatorId))
    .where(and(eq(plans.operatorId, operatorId), eq(plans.retired, false)));
  return rows.map(toOption).sort(byName);
}

export async function listCompanyOptions(): Promise<CompanyOption[]> {
  return getDb().select({ id: companies.id, name: companies.name }).from(companies).orderBy(asc(companies.name));
}

// The staff plans page: every plan, retired ones too (SIMs may still be on them), with how many
// live SIMs are on each.
export async function listPlans(viewer: Pick<Viewer, "role">): Promise<PlanRow[]> {
  if (!can(viewer, "sims:assign-product")) throw new AppError("forbidden", "Only platform staff can see plans.");
  const db = getDb();
  const counts = db
    .select({ planId: sims.planId, n: sql<number>`count(*)::int`.as("n") })
    .from(sims)
    .where(isNull(sims.retiredAt))
    .groupBy(sims.planId)
    .as("counts");
  const rows = await db
    .select({ ...optionColumns, version: plans.version, retired: plans.retired, simCount: counts.n })
    .from(plans)
    .innerJoin(operators, eq(operators.id, plans.operatorId))
    .leftJoin(counts, eq(counts.planId, plans.id))
    .orderBy(asc(operators.name), asc(plans.retired), asc(plans.type), desc(plans.version), asc(plans.createdAt));
  return rows.map((row) => ({
    id: row.id,
    operatorId: row.operatorId,
    operatorName: row.operatorName,
    type: row.type,
    currency: row.currency,
    generatedName: generatedPlanName(row.operatorName, row),
    customName: row.customName,
    name: planName(row.operatorName, row),
    version: row.version,
    retired: row.retired,
    simCount: Number(row.simCount ?? 0),
  }));
}
