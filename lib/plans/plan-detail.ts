import { and, asc, count, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { operators, planCountryRates, planRefillPackages, plans, sims } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { generatedPlanName, planName } from "@/lib/sims/plan-name";
import type { PlanTermsValues } from "./plan-input";

// What the staff plan pages read: one plan with its terms, the chain of its versions and how
// many SIMs are on each, and the operators a new plan can be for. Plans are platform data.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PlanVersion = { id: string; version: number; retired: boolean; simCount: number; createdAt: Date };

export type PlanDetail = {
  id: string;
  operatorId: string;
  operatorName: string;
  name: string;
  generatedName: string;
  customName: string | null;
  version: number;
  retired: boolean;
  createdAt: Date;
  terms: PlanTermsValues;
  // Every SIM that was given this version (swapped-out ones too): editing then makes a new version.
  simCount: number;
  versions: PlanVersion[];
  newestVersionId: string;
};

export type OperatorChoice = { id: string; name: string; currency: string };

function requireStaff(viewer: Pick<Viewer, "role">) {
  if (!can(viewer, "sims:assign-product")) throw new AppError("forbidden", "Only platform staff can see plans.");
}

export async function listOperatorChoices(viewer: Pick<Viewer, "role">): Promise<OperatorChoice[]> {
  requireStaff(viewer);
  return getDb().select({ id: operators.id, name: operators.name, currency: operators.currency }).from(operators).orderBy(asc(operators.name));
}

// Versions of one plan share operator, type and currency; walking previous_version_id links in
// memory over that small set finds the whole chain with one query.
async function versionChain(plan: { id: string; operatorId: string; type: PlanTermsValues["type"]; currency: string }): Promise<PlanVersion[]> {
  const db = getDb();
  const kin = await db
    .select({ id: plans.id, version: plans.version, retired: plans.retired, createdAt: plans.createdAt, previousVersionId: plans.previousVersionId })
    .from(plans)
    .where(and(eq(plans.operatorId, plan.operatorId), eq(plans.type, plan.type), eq(plans.currency, plan.currency)));
  const byId = new Map(kin.map((row) => [row.id, row]));
  const next = new Map(kin.flatMap((row) => (row.previousVersionId ? [[row.previousVersionId, row] as const] : [])));
  const chain: typeof kin = [];
  for (let row = byId.get(plan.id); row && !chain.includes(row); row = row.previousVersionId ? byId.get(row.previousVersionId) : undefined) chain.unshift(row);
  for (let row = next.get(plan.id); row && !chain.includes(row); row = next.get(row.id)) chain.push(row);
  const counts = await db
    .select({ planId: sims.planId, n: count() })
    .from(sims)
    .where(inArray(sims.planId, chain.map((row) => row.id)))
    .groupBy(sims.planId);
  const countOf = new Map(counts.map((c) => [c.planId, Number(c.n)]));
  return chain.map((row) => ({ id: row.id, version: row.version, retired: row.retired, simCount: countOf.get(row.id) ?? 0, createdAt: row.createdAt }));
}

export async function findPlanDetail(viewer: Pick<Viewer, "role">, planId: string): Promise<PlanDetail | null> {
  requireStaff(viewer);
  if (!UUID.test(planId)) return null;
  const db = getDb();
  const [row] = await db
    .select({ plan: plans, operatorName: operators.name })
    .from(plans)
    .innerJoin(operators, eq(operators.id, plans.operatorId))
    .where(eq(plans.id, planId));
  if (!row) return null;
  const { plan, operatorName } = row;
  const [refillPackages, countryRates, versions] = await Promise.all([
    db
      .select({ dataBytes: planRefillPackages.dataBytes, validityDays: planRefillPackages.validityDays, priceMinor: planRefillPackages.priceMinor })
      .from(planRefillPackages)
      .where(eq(planRefillPackages.planId, plan.id))
      .orderBy(asc(planRefillPackages.priceMinor), asc(planRefillPackages.dataBytes)),
    db
      .select({ countryCode: planCountryRates.countryCode, perMbMicros: planCountryRates.perMbMicros })
      .from(planCountryRates)
      .where(eq(planCountryRates.planId, plan.id))
      .orderBy(asc(planCountryRates.countryCode)),
    versionChain(plan),
  ]);
  const terms: PlanTermsValues = {
    type: plan.type,
    currency: plan.currency,
    priceMinor: plan.priceMinor,
    dataBytes: plan.dataBytes,
    validityDays: plan.validityDays,
    monthlyFeeMinor: plan.monthlyFeeMinor,
    includedBytes: plan.includedBytes,
    overagePerMbMicros: plan.overagePerMbMicros,
    defaultPerMbMicros: plan.defaultPerMbMicros,
    refillPackages,
    countryRates,
  };
  const named = { ...terms, customName: plan.customName };
  return {
    id: plan.id,
    operatorId: plan.operatorId,
    operatorName,
    name: planName(operatorName, named),
    generatedName: generatedPlanName(operatorName, named),
    customName: plan.customName,
    version: plan.version,
    retired: plan.retired,
    createdAt: plan.createdAt,
    terms,
    simCount: versions.find((v) => v.id === plan.id)?.simCount ?? 0,
    versions,
    newestVersionId: versions.at(-1)?.id ?? plan.id,
  };
}
