import { and, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { allowanceLedger, auditLog, labels, rules, simLabels, simRules, sims } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { allowancesOf } from "@/lib/billing/allowance";
import { AppError } from "@/lib/errors";
import { assignablePlanOrThrow, companyOrThrow, loadProductFacts, type ProductCompany, type ProductFacts, type ProductPlan } from "./product-facts";
import { CHANGED, refused, UNCHANGED, type ChangeContext, type LockedSim, type SimChange, type SimOutcome, type Tx } from "./sim-change";

export { storeUseChange } from "./store-use";

// A SIM's "product": the plan it is sold under and the company it belongs to. Staff assign them;
// a SIM shows no usage until both exist (or it is kept for the store). Undefined keeps what the
// SIM has, null removes it.
export type ProductInput = { planId?: string | null; companyId?: string | null };
export type PreparedProduct = { plan: ProductPlan | null | undefined; company: ProductCompany | null | undefined };

const DAY_MS = 86_400_000;

export const assignProductChange: SimChange<ProductInput, PreparedProduct> = {
  permission: "sims:assign-product",
  async prepare({ tx }, input) {
    if (input.planId === undefined && input.companyId === undefined) throw new AppError("invalid_input", "Choose a plan or a company to assign.");
    const plan = input.planId == null ? input.planId : await assignablePlanOrThrow(tx, input.planId);
    const company = input.companyId == null ? input.companyId : await companyOrThrow(tx, input.companyId);
    return { plan, company };
  },
  apply: applyProduct,
};

type Planned = {
  sim: LockedSim;
  planChanged: boolean;
  companyChanged: boolean;
  // The end user belongs to a company the SIM no longer belongs to.
  dropEndUser: boolean;
};

function planFor(sim: LockedSim, prepared: PreparedProduct, facts: ProductFacts): SimOutcome | Planned {
  const { plan, company } = prepared;
  const planChanged = plan !== undefined && (plan?.id ?? null) !== sim.planId;
  const companyChanged = company !== undefined && (company?.id ?? null) !== sim.companyId;
  if (!planChanged && !companyChanged) return UNCHANGED;
  if (planChanged && plan && plan.operatorId !== sim.operatorId) {
    const simOperator = facts.operatorNames.get(sim.operatorId) ?? "another operator";
    return refused(`The plan "${plan.name}" is for ${plan.operatorName} SIMs; this SIM is on ${simOperator}.`);
  }
  if (companyChanged && company && sim.storeUse) {
    return refused("This eSIM is kept for the store: take it out of the store before giving it to a company.");
  }
  const endUserCompany = sim.endUserId === null ? null : (facts.endUserCompanies.get(sim.endUserId) ?? null);
  const dropEndUser = companyChanged && endUserCompany !== null && endUserCompany !== (company?.id ?? null);
  return { sim, planChanged, companyChanged, dropEndUser };
}

async function applyProduct(ctx: ChangeContext, locked: LockedSim[], prepared: PreparedProduct): Promise<SimOutcome[]> {
  const { tx, viewer, at } = ctx;
  const facts = await loadProductFacts(tx, locked);
  const results = locked.map((sim) => planFor(sim, prepared, facts));
  const outcomes = results.map((r) => ("sim" in r ? CHANGED : r));
  const changes = results.filter((r): r is Planned => "sim" in r);
  if (changes.length === 0) return outcomes;

  const { plan, company } = prepared;
  const ids = (list: Planned[]) => list.map((c) => c.sim.id);
  await tx
    .update(sims)
    .set({
      ...(plan !== undefined ? { planId: plan?.id ?? null, simType: plan?.type ?? null } : {}),
      ...(company !== undefined ? { companyId: company?.id ?? null } : {}),
      updatedAt: at,
    })
    .where(inArray(sims.id, ids(changes)));

  const dropped = changes.filter((c) => c.dropEndUser);
  if (dropped.length > 0) await tx.update(sims).set({ endUserId: null }).where(inArray(sims.id, ids(dropped)));
  const moved = changes.filter((c) => c.companyChanged);
  const taken = moved.length > 0 ? await takeOffForeignTags(tx, ids(moved), company?.id ?? null) : { labels: new Map<number, number>(), rules: new Map<number, number>() };

  const replanned = changes.filter((c) => c.planChanged);
  const granted = plan?.type === "prepaid" ? await grantInitialAllowance(tx, ids(replanned), plan, at) : new Set<number>();
  if (replanned.length > 0) await refreshBalance(tx, ids(replanned), plan?.type === "prepaid");

  await tx.insert(auditLog).values(
    changes.map(({ sim, dropEndUser }) => {
      const before = productView(sim.planId, sim.companyId, facts);
      const after = {
        planId: plan === undefined ? before.planId : (plan?.id ?? null),
        planName: plan === undefined ? before.planName : (plan?.name ?? null),
        companyId: company === undefined ? before.companyId : (company?.id ?? null),
        companyName: company === undefined ? before.companyName : (company?.name ?? null),
      };
      return userAuditEntry(viewer, at, {
        action: "sim.product",
        targetType: "sim",
        targetId: sim.iccid,
        // The company the SIM now belongs to; a SIM taken from a company stays in that one's log.
        companyId: after.companyId ?? sim.companyId,
        before,
        after: {
          ...after,
          ...(dropEndUser ? { endUserRemoved: true } : {}),
          ...(taken.labels.has(sim.id) ? { labelsRemoved: taken.labels.get(sim.id) } : {}),
          ...(taken.rules.has(sim.id) ? { rulesRemoved: taken.rules.get(sim.id) } : {}),
          ...(granted.has(sim.id) && plan ? { allowanceGrantedBytes: plan.dataBytes } : {}),
        },
      });
    }),
  );
  return outcomes;
}

function productView(planId: string | null, companyId: string | null, facts: ProductFacts) {
  return {
    planId,
    planName: planId === null ? null : (facts.plans.get(planId)?.name ?? null),
    companyId,
    companyName: companyId === null ? null : (facts.companyNames.get(companyId) ?? null),
  };
}

// Labels and rules are a company's own (or, without a company, the platform's): those of any
// other company come off a SIM that changes hands, so its former owner's automation and
// tags never act on or reveal a SIM that is no longer theirs.
async function takeOffForeignTags(tx: Tx, simIds: number[], companyId: string | null) {
  const foreign = <T extends typeof labels | typeof rules>(table: T) =>
    companyId === null ? isNotNull(table.companyId) : and(isNotNull(table.companyId), ne(table.companyId, companyId));
  const removedLabels = await tx
    .delete(simLabels)
    .where(and(inArray(simLabels.simId, simIds), inArray(simLabels.labelId, tx.select({ id: labels.id }).from(labels).where(foreign(labels)))))
    .returning({ simId: simLabels.simId });
  const removedRules = await tx
    .delete(simRules)
    .where(and(inArray(simRules.simId, simIds), inArray(simRules.ruleId, tx.select({ id: rules.id }).from(rules).where(foreign(rules)))))
    .returning({ simId: simRules.simId });
  const count = (rows: { simId: number }[]) => rows.reduce((m, r) => m.set(r.simId, (m.get(r.simId) ?? 0) + 1), new Map<number, number>());
  return { labels: count(removedLabels), rules: count(removedRules) };
}

// The prepaid plan's initial package, granted once per SIM and plan: the source key makes a
// second assignment of the same plan (even after another plan in between) a no-op. Data left over
// from an allowance that had expired is forfeited first, as at a refill (lib/billing/allowance.ts),
// so the new package does not revive it.
async function grantInitialAllowance(tx: Tx, simIds: number[], plan: ProductPlan, at: Date): Promise<Set<number>> {
  if (simIds.length === 0 || plan.dataBytes === null || plan.validityDays === null) return new Set();
  const bytes = plan.dataBytes;
  const validUntil = new Date(at.getTime() + plan.validityDays * DAY_MS);
  const key = (simId: number) => `product:${simId}:${plan.id}`;
  const inserted = await tx
    .insert(allowanceLedger)
    .values(simIds.map((simId) => ({ simId, kind: "grant" as const, bytes, validUntil, sourceKey: key(simId), createdAt: at })))
    .onConflictDoNothing({ target: allowanceLedger.sourceKey })
    .returning({ simId: allowanceLedger.simId });
  const granted = inserted.map((r) => r.simId);
  if (granted.length > 0) {
    const before = await allowancesOf(tx, granted, granted.map(key));
    const forfeits = granted.flatMap((simId) => {
      const allowance = before.get(simId);
      if (!allowance?.validUntil || allowance.validUntil > at || allowance.sum <= 0) return [];
      return [{ simId, kind: "expire" as const, bytes: allowance.sum, sourceKey: `expire:${key(simId)}`, createdAt: at }];
    });
    if (forfeits.length > 0) await tx.insert(allowanceLedger).values(forfeits);
  }
  return new Set(granted);
}

// sims.data_left_bytes and valid_until are derived from the ledger the way the seed's
// refreshSimTotals derives them (grants minus debits, floored at 0; the latest grant's end) and
// the sync then lowers data left by each debit. They mean something only on a prepaid plan.
async function refreshBalance(tx: Tx, simIds: number[], prepaid: boolean): Promise<void> {
  if (!prepaid) {
    await tx.update(sims).set({ dataLeftBytes: null, validUntil: null }).where(inArray(sims.id, simIds));
    return;
  }
  await tx
    .update(sims)
    .set({
      dataLeftBytes: sql`(SELECT greatest(0, coalesce(sum(CASE WHEN l.kind = 'grant' THEN l.bytes ELSE -l.bytes END), 0))::bigint
        FROM allowance_ledger l WHERE l.sim_id = "sims"."id")`,
      validUntil: sql`(SELECT max(l.valid_until) FROM allowance_ledger l WHERE l.sim_id = "sims"."id" AND l.kind = 'grant')`,
    })
    .where(inArray(sims.id, simIds));
}
