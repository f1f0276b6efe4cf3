import { and, asc, count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, operators, planCountryRates, planRefillPackages, plans, sims } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import type { Tx } from "@/lib/sims/sim-change";
import { isSupportedCurrency } from "./plan-amounts";
import type { PlanTermsValues } from "./plan-input";
import { assertStorableTerms, sameTerms } from "./plan-terms";

// Staff create plans and change their terms. A plan no SIM was ever given is edited in place; a
// plan in use is versioned: its terms are copied into a new plan (version + 1) and the old row is
// retired, so SIMs keep the terms they were sold and only the new version is offered from now.

type Actor = Pick<Viewer, "userId" | "role" | "requestId">;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NewPlanInput = {
  operatorId: string;
  // Amounts in `terms` are minor units of this currency; left out, the operator's own.
  currency?: string | null;
  terms: Omit<PlanTermsValues, "currency"> & { currency?: string | null };
};

export type UpdateResult = { outcome: "updated" | "versioned" | "unchanged"; planId: string; version: number };

function requireStaff(viewer: Actor) {
  if (!can(viewer, "sims:assign-product")) throw new AppError("forbidden", "Only platform staff can manage plans.");
}

const termColumns = (t: Omit<PlanTermsValues, "refillPackages" | "countryRates">) => ({
  priceMinor: t.priceMinor,
  dataBytes: t.dataBytes,
  validityDays: t.validityDays,
  monthlyFeeMinor: t.monthlyFeeMinor,
  includedBytes: t.includedBytes,
  overagePerMbMicros: t.overagePerMbMicros,
  defaultPerMbMicros: t.defaultPerMbMicros,
});

async function writeRows(tx: Tx, planId: string, terms: PlanTermsValues) {
  if (terms.refillPackages.length > 0) await tx.insert(planRefillPackages).values(terms.refillPackages.map((p) => ({ planId, ...p })));
  if (terms.countryRates.length > 0) await tx.insert(planCountryRates).values(terms.countryRates.map((r) => ({ planId, ...r })));
}

export async function createPlan(viewer: Actor, input: NewPlanInput, at: Date): Promise<{ planId: string }> {
  requireStaff(viewer);
  if (!UUID.test(input.operatorId)) throw new AppError("invalid_input", "Choose an operator.");
  return getDb().transaction(async (tx) => {
    const [operator] = await tx.select({ id: operators.id, currency: operators.currency }).from(operators).where(eq(operators.id, input.operatorId));
    if (!operator) throw new AppError("invalid_input", "This operator does not exist.");
    const currency = (input.currency ?? input.terms.currency ?? operator.currency).toUpperCase();
    if (!isSupportedCurrency(currency)) throw new AppError("invalid_input", `Plans cannot be priced in "${currency}".`);
    const terms: PlanTermsValues = { ...input.terms, currency };
    assertStorableTerms(terms);
    const [plan] = await tx.insert(plans).values({ operatorId: operator.id, type: terms.type, currency, ...termColumns(terms) }).returning({ id: plans.id });
    if (!plan) throw new Error("plan insert returned nothing");
    await writeRows(tx, plan.id, terms);
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, { action: "plan.create", targetType: "plan", targetId: plan.id, companyId: null, after: { operatorId: operator.id, version: 1, terms } }),
    );
    return { planId: plan.id };
  });
}

// The plan row locked against concurrent edits, renames and retirements; its terms as stored.
async function lockPlanOrThrow(tx: Tx, planId: string) {
  if (!UUID.test(planId)) throw new AppError("not_found", "This plan does not exist.");
  const [plan] = await tx.select().from(plans).where(eq(plans.id, planId)).for("update");
  if (!plan) throw new AppError("not_found", "This plan does not exist.");
  const [refillPackages, countryRates] = await Promise.all([
    tx
      .select({ dataBytes: planRefillPackages.dataBytes, validityDays: planRefillPackages.validityDays, priceMinor: planRefillPackages.priceMinor })
      .from(planRefillPackages)
      .where(eq(planRefillPackages.planId, planId)),
    tx.select({ countryCode: planCountryRates.countryCode, perMbMicros: planCountryRates.perMbMicros }).from(planCountryRates).where(eq(planCountryRates.planId, planId)).orderBy(asc(planCountryRates.countryCode)),
  ]);
  const terms: PlanTermsValues = { type: plan.type, currency: plan.currency, ...termColumns(plan), refillPackages, countryRates };
  return { plan, terms };
}

async function newerVersionOf(tx: Tx, planId: string): Promise<number | null> {
  const [newer] = await tx.select({ version: plans.version }).from(plans).where(eq(plans.previousVersionId, planId)).limit(1);
  return newer?.version ?? null;
}

// Any SIM that was ever given the plan, swapped-out ones included: their history was sold on it.
async function simsOnPlan(tx: Tx, planId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(sims).where(eq(sims.planId, planId));
  return Number(row?.n ?? 0);
}

export async function updatePlanTerms(viewer: Actor, planId: string, input: PlanTermsValues, at: Date): Promise<UpdateResult> {
  requireStaff(viewer);
  assertStorableTerms(input);
  return getDb().transaction(async (tx) => {
    const { plan, terms: before } = await lockPlanOrThrow(tx, planId);
    if (plan.retired) {
      const newer = await newerVersionOf(tx, plan.id);
      throw new AppError(
        "conflict",
        newer === null ? "This plan is retired: put it back on sale before changing its terms." : `This is version ${plan.version}, replaced by version ${newer}: edit the newest version.`,
      );
    }
    if (input.type !== plan.type || input.currency !== plan.currency) {
      throw new AppError("invalid_input", "A plan keeps its type and currency: create a new plan for other ones.");
    }
    if (sameTerms(before, input)) return { outcome: "unchanged", planId: plan.id, version: plan.version };

    const inUse = await simsOnPlan(tx, plan.id);
    if (inUse === 0) {
      await tx.update(plans).set(termColumns(input)).where(eq(plans.id, plan.id));
      await tx.delete(planRefillPackages).where(eq(planRefillPackages.planId, plan.id));
      await tx.delete(planCountryRates).where(eq(planCountryRates.planId, plan.id));
      await writeRows(tx, plan.id, input);
      await tx.insert(auditLog).values(
        userAuditEntry(viewer, at, { action: "plan.update", targetType: "plan", targetId: plan.id, companyId: null, before: { terms: before }, after: { terms: input } }),
      );
      return { outcome: "updated", planId: plan.id, version: plan.version };
    }

    const version = plan.version + 1;
    const [next] = await tx
      .insert(plans)
      .values({ operatorId: plan.operatorId, type: plan.type, currency: plan.currency, customName: plan.customName, version, previousVersionId: plan.id, ...termColumns(input) })
      .returning({ id: plans.id });
    if (!next) throw new Error("plan insert returned nothing");
    await writeRows(tx, next.id, input);
    await tx.update(plans).set({ retired: true }).where(eq(plans.id, plan.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "plan.version",
        targetType: "plan",
        targetId: next.id,
        companyId: null,
        before: { planId: plan.id, version: plan.version, simCount: inUse, terms: before },
        after: { planId: next.id, version, terms: input },
      }),
    );
    return { outcome: "versioned", planId: next.id, version };
  });
}

/**
 * Takes a plan off sale (SIMs on it keep it) or puts it back. A version replaced by a newer one
 * stays retired: two versions on sale at once would undo the versioning.
 */
export async function setPlanRetired(viewer: Actor, planId: string, retired: boolean, at: Date): Promise<{ changed: boolean }> {
  requireStaff(viewer);
  return getDb().transaction(async (tx) => {
    const { plan } = await lockPlanOrThrow(tx, planId);
    if (plan.retired === retired) return { changed: false };
    if (!retired) {
      const newer = await newerVersionOf(tx, plan.id);
      if (newer !== null) throw new AppError("conflict", `Version ${plan.version} was replaced by version ${newer}; only the newest version can be on sale.`);
    }
    await tx.update(plans).set({ retired }).where(and(eq(plans.id, plan.id), eq(plans.retired, plan.retired)));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: retired ? "plan.retire" : "plan.unretire",
        targetType: "plan",
        targetId: plan.id,
        companyId: null,
        before: { retired: plan.retired },
        after: { retired },
      }),
    );
    return { changed: true };
  });
}

