import { asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, operators, planCountryRates, plans, sims, usageRecords, walletEntries, wallets } from "@/db/schema";
import { ingestBatch } from "@/operators/ingest";
import type { UsageReport } from "@/operators/types";

// PAYGO usage is rated as it is ingested (operators/ingest.ts -> chargePaygoUsage): these tests go
// through the ingestion, as the sync does.

const NOW = new Date("2026-03-10T12:00:00Z");
const MB = 1_000_000;
const db = () => getDb();

// EUR 0.02/MB in Spain, EUR 0.015/MB anywhere else (or nowhere known).
const ES_RATE = 2_000_000;
const DEFAULT_RATE = 1_500_000;

let operatorId = "";
let paygoPlan = "";
let prepaidPlan = "";
let subscriptionPlan = "";
let acme = "";
let jerusalem = "";
let initech = "";
let n = 0;

beforeAll(async () => {
  const [a, j, i] = await db()
    .insert(companies)
    .values([{ name: "Acme" }, { name: "Jerusalem Ltd", timeZone: "Asia/Jerusalem" }, { name: "Initech" }])
    .returning();
  const [op] = await db().insert(operators).values({ name: "Simnet", countryCode: "ES", currency: "EUR", driver: "simulator" }).returning();
  if (!a || !j || !i || !op) throw new Error("fixtures");
  acme = a.id;
  jerusalem = j.id;
  initech = i.id;
  operatorId = op.id;
  const [paygo, prepaid, subscription] = await db()
    .insert(plans)
    .values([
      { operatorId, type: "paygo", currency: "EUR", defaultPerMbMicros: DEFAULT_RATE },
      { operatorId, type: "prepaid", currency: "EUR", priceMinor: 1_000, dataBytes: 1_000 * MB, validityDays: 30 },
      { operatorId, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 100 * MB, overagePerMbMicros: 5_000_000 },
    ])
    .returning();
  if (!paygo || !prepaid || !subscription) throw new Error("plans");
  paygoPlan = paygo.id;
  prepaidPlan = prepaid.id;
  subscriptionPlan = subscription.id;
  await db().insert(planCountryRates).values({ planId: paygoPlan, countryCode: "ES", perMbMicros: ES_RATE });
});

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const [row] = await db()
    .insert(sims)
    .values({
      iccid: `89340700000000${String(30_000 + n)}`,
      formFactor: "physical",
      operatorId,
      status: "active",
      statusReason: "operator",
      companyId: acme,
      planId: paygoPlan,
      simType: "paygo",
      ...over,
    })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}

type Rec = { id: string; at: string; bytes: number; mccMnc: string | null };
const record = (iccid: string, r: Rec): UsageReport => ({ kind: "record", iccid, recordId: r.id, startedAt: new Date(r.at), bytes: r.bytes, mccMnc: r.mccMnc });

const ingest = (simIds: number[], usage: UsageReport[]) =>
  ingestBatch(db(), { operatorId, simIds, result: { reports: [], usage, failures: [] }, sessionCapable: true, now: NOW });

const entriesOf = (simIds: number[]) =>
  db().select().from(walletEntries).where(inArray(walletEntries.simId, simIds)).orderBy(asc(walletEntries.occurredAt), asc(walletEntries.id));

const walletOf = async (companyId: string, currency = "EUR") =>
  (await db().select().from(wallets).where(eq(wallets.companyId, companyId)).orderBy(asc(wallets.currency))).find((w) => w.currency === currency);

async function expectBalanceIsSumOfEntries(walletId: string) {
  const [sum] = await db()
    .select({ micros: sql<string | null>`sum(${walletEntries.amountMicros})` })
    .from(walletEntries)
    .where(eq(walletEntries.walletId, walletId));
  const [wallet] = await db().select().from(wallets).where(eq(wallets.id, walletId));
  expect(wallet?.balanceMicros).toBe(Number(sum?.micros ?? 0));
}

describe("PAYGO usage at ingestion", () => {
  it("charges one entry per SIM, country and month at the country's rate or the default, rounded half up, into a wallet opened on first usage", async () => {
    expect(await walletOf(acme)).toBeUndefined();
    const sim = await addSim();
    const usage = [
      record(sim.iccid, { id: "es-1", at: "2026-03-10T10:00:00Z", bytes: 1_000_000, mccMnc: "21407" }),
      record(sim.iccid, { id: "es-2", at: "2026-03-10T10:30:00Z", bytes: 234_567, mccMnc: "21401" }),
      // France has no rate in the plan: the default applies; 333,333 bytes x 1.5 micros = 499,999.5 -> 500,000.
      record(sim.iccid, { id: "fr-1", at: "2026-03-10T11:00:00Z", bytes: 333_333, mccMnc: "20801" }),
      // The operator did not say where: the default; 1 byte x 1.5 micros = 1.5 -> 2.
      record(sim.iccid, { id: "nowhere", at: "2026-03-10T11:30:00Z", bytes: 1, mccMnc: null }),
    ];
    const counts = await ingest([sim.id], usage);
    expect(counts).toMatchObject({ usageRecords: 4, simFailures: 0 });

    const wallet = await walletOf(acme);
    expect(wallet).toMatchObject({ currency: "EUR", minimumBalanceMinor: 0 });
    const entries = await entriesOf([sim.id]);
    expect(entries.map((e) => [e.walletId, e.kind, e.countryCode, e.bytes, e.ratePerMbMicros, e.amountMicros, e.sourceKey, e.occurredAt.toISOString()])).toEqual([
      // 1,234,567 bytes at 2,000,000 micros/MB = 2,469,134 micros, summed before it is priced.
      [wallet?.id, "usage", "ES", 1_234_567, ES_RATE, -2_469_134, `paygo:${operatorId}:es-1`, "2026-03-10T10:30:00.000Z"],
      [wallet?.id, "usage", "FR", 333_333, DEFAULT_RATE, -500_000, `paygo:${operatorId}:fr-1`, "2026-03-10T11:00:00.000Z"],
      [wallet?.id, "usage", null, 1, DEFAULT_RATE, -2, `paygo:${operatorId}:nowhere`, "2026-03-10T11:30:00.000Z"],
    ]);
    expect(wallet?.balanceMicros).toBe(-(2_469_134 + 500_000 + 2));
    await expectBalanceIsSumOfEntries(wallet?.id ?? "");
  });

  it("charges a replayed batch and two overlapping batches run at once exactly once", async () => {
    const sim = await addSim();
    const [a, b, c] = ["a", "b", "c"].map((id, i) => record(sim.iccid, { id: `overlap-${id}`, at: `2026-03-10T0${i}:00:00Z`, bytes: MB, mccMnc: "21407" }));
    if (!a || !b || !c) throw new Error("records");
    const balanceBefore = (await walletOf(acme))?.balanceMicros ?? 0;

    const both = await Promise.all([ingest([sim.id], [a, b]), ingest([sim.id], [b, c])]);
    expect(both.map((r) => r.usageRecords).sort()).toEqual([1, 2]);
    // And once more each, as a retried sync would.
    expect((await ingest([sim.id], [a, b])).usageRecords).toBe(0);
    expect((await ingest([sim.id], [b, c])).usageRecords).toBe(0);

    const entries = await entriesOf([sim.id]);
    expect(entries).toHaveLength(2);
    expect(entries.reduce((sum, e) => sum + (e.bytes ?? 0), 0)).toBe(3 * MB);
    expect(entries.reduce((sum, e) => sum + e.amountMicros, 0)).toBe(-3 * ES_RATE);
    const wallet = await walletOf(acme);
    expect(wallet?.balanceMicros).toBe(balanceBefore - 3 * ES_RATE);
    await expectBalanceIsSumOfEntries(wallet?.id ?? "");
    expect(await db().$count(wallets, eq(wallets.companyId, acme))).toBe(1);
  });

  it("charges a network it cannot place at the default rate, into a new wallet in the plan's currency", async () => {
    const [gbpPlan] = await db().insert(plans).values({ operatorId, type: "paygo", currency: "GBP", defaultPerMbMicros: 3_000_000 }).returning();
    if (!gbpPlan) throw new Error("plan");
    await db().insert(planCountryRates).values({ planId: gbpPlan.id, countryCode: "ES", perMbMicros: 1 });
    const sim = await addSim({ planId: gbpPlan.id });
    const eurBefore = await walletOf(acme, "EUR");
    // MCC 999 is no country: like a record without a network, it is priced at the default.
    await ingest([sim.id], [record(sim.iccid, { id: "unknown-mcc", at: "2026-03-10T09:00:00Z", bytes: 2 * MB, mccMnc: "99999" })]);
    const gbp = await walletOf(acme, "GBP");
    expect((await entriesOf([sim.id])).map((e) => [e.walletId, e.countryCode, e.ratePerMbMicros, e.amountMicros])).toEqual([[gbp?.id, null, 3_000_000, -6_000_000]]);
    expect(gbp?.balanceMicros).toBe(-6_000_000);
    expect(await walletOf(acme, "EUR")).toEqual(eurBefore);
  });

  it("records but does not charge a PAYGO SIM without a company, and still charges the rest of the batch", async () => {
    const orphan = await addSim({ companyId: null });
    const sim = await addSim();
    const before = await db().$count(wallets);
    const counts = await ingest(
      [orphan.id, sim.id],
      [record(orphan.iccid, { id: "orphan-1", at: "2026-03-10T09:00:00Z", bytes: MB, mccMnc: "21407" }), record(sim.iccid, { id: "paid-1", at: "2026-03-10T09:00:00Z", bytes: MB, mccMnc: "21407" })],
    );
    expect(counts).toMatchObject({ usageRecords: 2, simFailures: 0 });
    expect(await db().$count(usageRecords, eq(usageRecords.simId, orphan.id))).toBe(1);
    expect(await entriesOf([orphan.id])).toEqual([]);
    expect((await entriesOf([sim.id])).map((e) => e.amountMicros)).toEqual([-ES_RATE]);
    expect(await db().$count(wallets)).toBe(before);
  });

  it("makes no wallet entry, and opens no wallet, for prepaid and subscription SIMs", async () => {
    const prepaid = await addSim({ companyId: initech, planId: prepaidPlan, simType: "prepaid", dataLeftBytes: 1_000 * MB });
    const subscription = await addSim({ companyId: initech, planId: subscriptionPlan, simType: "subscription" });
    const counts = await ingest(
      [prepaid.id, subscription.id],
      [
        record(prepaid.iccid, { id: "prepaid-1", at: "2026-03-10T09:00:00Z", bytes: 5 * MB, mccMnc: "21407" }),
        record(subscription.iccid, { id: "subscription-1", at: "2026-03-10T09:00:00Z", bytes: 5 * MB, mccMnc: "21407" }),
      ],
    );
    expect(counts.usageRecords).toBe(2);
    expect(await entriesOf([prepaid.id, subscription.id])).toEqual([]);
    expect(await walletOf(initech)).toBeUndefined();
  });

  it("splits usage around midnight on the 1st by the company's time zone into one entry per month", async () => {
    // 20:30 UTC on 31 March is 23:30 in Jerusalem (UTC+3 in summer time); 21:30 UTC is already 1 April there.
    const usage = (iccid: string, prefix: string) => [
      record(iccid, { id: `${prefix}-march`, at: "2026-03-31T20:30:00Z", bytes: 2 * MB, mccMnc: "21407" }),
      record(iccid, { id: `${prefix}-april`, at: "2026-03-31T21:30:00Z", bytes: 3 * MB, mccMnc: "21407" }),
    ];
    const local = await addSim({ companyId: jerusalem });
    await ingest([local.id], usage(local.iccid, "il"));
    expect((await entriesOf([local.id])).map((e) => [e.bytes, e.amountMicros, e.occurredAt.toISOString()])).toEqual([
      [2 * MB, -2 * ES_RATE, "2026-03-31T20:30:00.000Z"],
      [3 * MB, -3 * ES_RATE, "2026-03-31T21:30:00.000Z"],
    ]);
    const wallet = await walletOf(jerusalem);
    expect(wallet?.balanceMicros).toBe(-5 * ES_RATE);
    await expectBalanceIsSumOfEntries(wallet?.id ?? "");

    // The same two records are one month in UTC: one entry.
    const utc = await addSim();
    await ingest([utc.id], usage(utc.iccid, "utc"));
    expect((await entriesOf([utc.id])).map((e) => [e.bytes, e.amountMicros])).toEqual([[5 * MB, -5 * ES_RATE]]);
  });
});
