import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import {
  companies,
  operators,
  planCountryRates,
  planRefillPackages,
  plans,
  simStatusHistory,
  sims,
  usageRecords,
  users,
  walletEntries,
  wallets,
} from "@/db/schema";
import { billingPeriodOf } from "@/lib/billing/billing-period";
import type { Scope } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { planTermsColumns } from "./plan-columns";
import { unsafeLabelsAndRulesOf } from "./sim-labels-rules";
import type { SimFacts } from "@/lib/sims/sim-view";
import { type CountryUsage, type DayUsage, usageWindow, zeroFillDays } from "@/lib/sims/usage-series";
import { simScopeCondition } from "./sim-scope";

const endUsers = alias(users, "end_users");

// Operators report 18–22 digit ICCIDs (with or without the check digit); anything else cannot
// be a SIM, so it is answered like a SIM outside the scope without touching the database.
const ICCID_SEGMENT = /^\d{18,22}$/;

export const USAGE_DAYS = 30;
const HISTORY_LIMIT = 20;

// Everything the page shows, and nothing it does not: operator settings and credentials stay out.
const detailColumns = {
  id: sims.id,
  iccid: sims.iccid,
  formFactor: sims.formFactor,
  status: sims.status,
  statusReason: sims.statusReason,
  statusDetail: sims.statusDetail,
  statusChangedAt: sims.statusChangedAt,
  planId: sims.planId,
  simType: sims.simType,
  storeUse: sims.storeUse,
  imsi: sims.imsi,
  msisdn: sims.msisdn,
  eid: sims.eid,
  activationCode: sims.activationCode,
  confirmationCode: sims.confirmationCode,
  inSession: sims.inSession,
  sessionUpdatedAt: sims.sessionUpdatedAt,
  dataLeftBytes: sims.dataLeftBytes,
  validUntil: sims.validUntil,
  monthUsageBytes: sims.monthUsageBytes,
  monthUsagePeriod: sims.monthUsagePeriod,
  lastUsageAt: sims.lastUsageAt,
  note: sims.note,
  retiredAt: sims.retiredAt,
  replacesSimId: sims.replacesSimId,
  createdAt: sims.createdAt,
  operator: {
    id: operators.id,
    name: operators.name,
    countryCode: operators.countryCode,
    currency: operators.currency,
    driver: operators.driver,
  },
  companyId: sims.companyId,
  companyName: companies.name,
  companyTimeZone: companies.timeZone,
  endUserEmail: endUsers.email,
};

const planColumns = { ...planTermsColumns, version: plans.version, retired: plans.retired };

// The scoped lookup: the only place an ICCID from the URL meets the database.
async function findScopedSim(scope: Scope, iccid: string) {
  const [row] = await getDb()
    .select(detailColumns)
    .from(sims)
    .innerJoin(operators, eq(operators.id, sims.operatorId))
    .leftJoin(companies, eq(companies.id, sims.companyId))
    .leftJoin(endUsers, eq(endUsers.id, sims.endUserId))
    .where(and(eq(sims.iccid, iccid), simScopeCondition(scope)))
    .limit(1);
  return row;
}

async function planDetail(planId: string) {
  const db = getDb();
  const [[plan], refillPackages, countryRates] = await Promise.all([
    db.select(planColumns).from(plans).where(eq(plans.id, planId)).limit(1),
    db
      .select({
        id: planRefillPackages.id,
        dataBytes: planRefillPackages.dataBytes,
        validityDays: planRefillPackages.validityDays,
        priceMinor: planRefillPackages.priceMinor,
      })
      .from(planRefillPackages)
      .where(eq(planRefillPackages.planId, planId))
      .orderBy(asc(planRefillPackages.priceMinor), asc(planRefillPackages.dataBytes)),
    db
      .select({ countryCode: planCountryRates.countryCode, perMbMicros: planCountryRates.perMbMicros })
      .from(planCountryRates)
      .where(eq(planCountryRates.planId, planId))
      .orderBy(asc(planCountryRates.countryCode)),
  ]);
  return plan ? { ...plan, refillPackages, countryRates } : null;
}

// The helpers below take an id that came out of findScopedSim; they are not exported so that no
// caller can reach them with an id of its own.
async function statusHistory(simId: number, limit = HISTORY_LIMIT) {
  return getDb()
    .select({
      id: simStatusHistory.id,
      fromStatus: simStatusHistory.fromStatus,
      toStatus: simStatusHistory.toStatus,
      reason: simStatusHistory.reason,
      detail: simStatusHistory.detail,
      actorKind: simStatusHistory.actorKind,
      createdAt: simStatusHistory.createdAt,
    })
    .from(simStatusHistory)
    .where(eq(simStatusHistory.simId, simId))
    .orderBy(desc(simStatusHistory.createdAt), desc(simStatusHistory.id))
    .limit(limit);
}

// Sums arrive as bigint (PGlite) or string (postgres-js); Number() reads both. Byte totals per
// SIM and month stay far below 2^53.
const bytesSum = sql<number>`coalesce(sum(${usageRecords.bytes}), 0)::bigint`.mapWith(Number);

function inWindow(simId: number, days: number) {
  const { from, to } = usageWindow(now(), days);
  return and(eq(usageRecords.simId, simId), gte(usageRecords.startedAt, from), lt(usageRecords.startedAt, to));
}

async function usageByDay(simId: number, days = USAGE_DAYS): Promise<DayUsage[]> {
  // Bucketed by the UTC day the record started, as the page labels its days in UTC.
  const day = sql<string>`to_char(${usageRecords.startedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await getDb()
    .select({ day, bytes: bytesSum })
    .from(usageRecords)
    .where(inWindow(simId, days))
    .groupBy(day);
  return zeroFillDays(rows, now(), days);
}

// SIM swap: the SIM this one replaced and the one that replaced it. Their ICCIDs are this SIM's
// own history (the retired SIM's status already names its replacement); a link is offered only
// when the viewer may open that SIM too.
async function swapLink(scope: Scope, match: SQL) {
  const [row] = await getDb()
    .select({ iccid: sims.iccid, visible: sql<boolean>`coalesce(${simScopeCondition(scope)}, false)` })
    .from(sims)
    .where(match)
    .limit(1);
  return row ?? null;
}

async function usageByCountry(simId: number, days = USAGE_DAYS): Promise<CountryUsage[]> {
  const networkReported = sql<boolean>`(${usageRecords.mccMnc} IS NOT NULL)`;
  return getDb()
    .select({ countryCode: usageRecords.countryCode, networkReported, bytes: bytesSum })
    .from(usageRecords)
    .where(inWindow(simId, days))
    .groupBy(usageRecords.countryCode, networkReported)
    .orderBy(desc(bytesSum));
}

// A PAYGO SIM's charges this billing month (the company's time zone) to its company's wallets:
// what it cost a company it belonged to before is that company's business.
async function paygoThisMonth(simId: number, companyId: string, timeZone: string) {
  const period = billingPeriodOf(now(), timeZone);
  const charged = sql<number>`(-sum(${walletEntries.amountMicros}))::bigint`.mapWith(Number);
  return getDb()
    .select({ walletId: wallets.id, currency: wallets.currency, chargedMicros: charged })
    .from(walletEntries)
    .innerJoin(wallets, eq(wallets.id, walletEntries.walletId))
    .where(
      and(eq(walletEntries.simId, simId), eq(wallets.companyId, companyId), gte(walletEntries.occurredAt, period.startAt), lt(walletEntries.occurredAt, period.endAt)),
    )
    .groupBy(wallets.id, wallets.currency)
    .orderBy(asc(wallets.currency));
}

/**
 * The SIM with this ICCID if the scope may see it, with everything the detail page shows.
 * Undefined both when no such SIM exists and when it belongs to someone else, so a foreign
 * ICCID cannot be told apart from a wrong one.
 */
export async function findSimDetail(scope: Scope, iccid: string) {
  if (!ICCID_SEGMENT.test(iccid)) return undefined;
  const sim = await findScopedSim(scope, iccid);
  if (!sim) return undefined;
  const [plan, tags, history, byDay, byCountry, replaces, replacedBy, paygoCharges] = await Promise.all([
    sim.planId ? planDetail(sim.planId) : null,
    unsafeLabelsAndRulesOf([sim.id]),
    statusHistory(sim.id),
    usageByDay(sim.id),
    usageByCountry(sim.id),
    sim.replacesSimId === null ? null : swapLink(scope, eq(sims.id, sim.replacesSimId)),
    sim.retiredAt === null ? null : swapLink(scope, eq(sims.replacesSimId, sim.id)),
    sim.simType === "paygo" && sim.companyId ? paygoThisMonth(sim.id, sim.companyId, sim.companyTimeZone ?? "UTC") : [],
  ]);
  return {
    ...sim,
    plan,
    labels: tags.labels.get(sim.id) ?? [],
    rules: tags.rules.get(sim.id) ?? [],
    statusHistory: history,
    usageByDay: byDay,
    usageByCountry: byCountry,
    replaces,
    replacedBy,
    paygoCharges,
  };
}

export type SimDetail = NonNullable<Awaited<ReturnType<typeof findSimDetail>>>;
export type SimDetailPlan = NonNullable<SimDetail["plan"]>;

// The facts lib/sims/sim-view.ts reads, so the page's cells follow the same N/A and
// "no product" rules as the list.
export function simFactsOf(sim: SimDetail): SimFacts {
  return {
    operatorDriver: sim.operator.driver,
    inSession: sim.inSession,
    simType: sim.simType,
    planId: sim.planId,
    companyName: sim.companyName,
    storeUse: sim.storeUse,
    dataLeftBytes: sim.dataLeftBytes,
    validUntil: sim.validUntil,
    monthUsageBytes: sim.monthUsageBytes,
    monthUsagePeriod: sim.monthUsagePeriod,
  };
}
