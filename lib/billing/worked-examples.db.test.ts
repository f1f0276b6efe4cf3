import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, companies, invoiceLines, invoices, operators, planCountryRates, plans, sims, users, walletEntries, wallets } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { runSimOperations } from "@/lib/sims/operations-job";
import { assignProductChange } from "@/lib/sims/product";
import { changeOneSim } from "@/lib/sims/sim-change";
import { ingestBatch } from "@/operators/ingest";
import type { ReadResult, UsageReport } from "@/operators/types";
import { allowanceOf, dataLeftBytes, lockPrepaidSim, refillAllowance } from "./allowance";
import { issueInvoices } from "./invoices";
import { enforcePrepaidLimits } from "./prepaid-limits";
import { enforceWalletMinimums } from "./wallet-limits";
import { openWallet, recordWalletCredit } from "./wallets";

// One worked example per SIM type, end to end through the real code (operator ingestion, the
// limit jobs, refills, the invoice job, the wallet), with every number written out.
// The SIMs are on the operator simulator, which can suspend and resume: a system suspension goes
// through the operator (Pending while the operation runs, then Suspended), and so does the resume.

const MB = 1_000_000;
const DAY_MS = 86_400_000;
const db = () => getDb();
// The simulator without latency or failures; an operation completes 10 seconds after it is asked.
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };
const staff: Viewer = { userId: "", email: "staff@worked.example", name: null, role: "staff", companyId: null, companyName: null };
let operatorId = "";
let acme = "";
let n = 0;
let recordSeq = 0;

beforeAll(async () => {
  const [op] = await db().insert(operators).values({ name: "Simnet", countryCode: "DE", currency: "EUR", driver: "simulator", settings: QUIET }).returning();
  const [company] = await db().insert(companies).values({ name: "Acme" }).returning();
  const [user] = await db().insert(users).values({ email: staff.email, role: "staff" }).returning();
  if (!op || !company || !user) throw new Error("fixtures");
  operatorId = op.id;
  acme = company.id;
  staff.userId = user.id;
});

async function addSim(over: Partial<typeof sims.$inferInsert>) {
  n += 1;
  const [row] = await db()
    .insert(sims)
    .values({ iccid: `8949200000000${String(n).padStart(6, "0")}`, formFactor: "physical", operatorId, status: "active", companyId: acme, msisdn: `4915100000${n}`, ...over })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}
const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];

// The operator reports usage records of one SIM; returns the records, to replay them.
async function reportUsage(sim: { id: number; iccid: string }, at: Date, records: { bytes: number; mccMnc?: string | null; startedAt?: Date }[]): Promise<ReadResult> {
  const usage: UsageReport[] = records.map((r) => {
    recordSeq += 1;
    return { kind: "record", iccid: sim.iccid, recordId: `w${recordSeq}`, startedAt: r.startedAt ?? new Date(at.getTime() - 60_000), bytes: r.bytes, mccMnc: r.mccMnc ?? null };
  });
  const result: ReadResult = { reports: [], usage, failures: [] };
  await ingestBatch(db(), { operatorId, simIds: [sim.id], result, sessionCapable: false, now: at });
  return result;
}

// Runs the operation queue until the simulator has carried out what was asked at `at`.
async function operatorCarriesOut(at: Date): Promise<void> {
  await runSimOperations({ db: db(), now: () => at });
  await runSimOperations({ db: db(), now: () => new Date(at.getTime() + 11_000) });
}

describe("prepaid: a 1 GB / 30 days plan", () => {
  it("300 MB then 800 MB used, suspended at 0, a 1 GB / 30 days refill leaves 900 MB and resumes", async () => {
    const T0 = new Date("2026-03-01T09:00:00Z");
    const [plan] = await db()
      .insert(plans)
      .values({ operatorId, type: "prepaid", currency: "EUR", priceMinor: 1000, dataBytes: 1_000 * MB, validityDays: 30 })
      .returning();
    if (!plan) throw new Error("plan");
    const sim = await addSim({});

    // Assigning the plan grants its package: 1,000,000,000 bytes until 31 March 09:00 UTC.
    await changeOneSim(staff, { kind: "platform" }, sim.iccid, assignProductChange, { planId: plan.id }, T0);
    expect(await simRow(sim.id)).toMatchObject({ simType: "prepaid", dataLeftBytes: 1_000_000_000, validUntil: new Date("2026-03-31T09:00:00Z") });

    // Day 2: 300 MB used. 1,000 MB - 300 MB = 700 MB left.
    await reportUsage(sim, new Date("2026-03-02T09:00:00Z"), [{ bytes: 300 * MB }]);
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(700_000_000);

    // Day 5: 800 MB more, in two records (500 + 300 MB), reported twice. 700 - 800 = -100 MB on
    // the ledger; data left shows 0.
    const day5 = new Date("2026-03-05T09:00:00Z");
    const late = await reportUsage(sim, day5, [{ bytes: 500 * MB }, { bytes: 300 * MB }]);
    await ingestBatch(db(), { operatorId, simIds: [sim.id], result: late, sessionCapable: false, now: day5 });
    const ledger = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id)).orderBy(asc(allowanceLedger.id));
    expect(ledger.map((e) => [e.kind, e.bytes])).toEqual([
      ["grant", 1_000_000_000],
      ["debit", 300_000_000],
      ["debit", 800_000_000],
    ]);
    expect(allowanceOf(ledger).sum).toBe(-100_000_000);
    expect(dataLeftBytes(allowanceOf(ledger), day5)).toBe(0);
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(0);

    // The enforce-prepaid-limits job suspends it for no data, through the operator.
    expect(await enforcePrepaidLimits({ db: db(), now: () => day5 })).toEqual({ suspended: { throughOperator: 1, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "no_data" });
    await operatorCarriesOut(day5);
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_data" });

    // Day 10: a 1 GB / 30 days refill. It covers the 100 MB first: 1,000 - 100 = 900 MB left; the
    // allowance is still valid, so 30 days are added to its end: 31 March + 30 days = 30 April.
    const day10 = new Date("2026-03-10T09:00:00Z");
    const refill = () =>
      db().transaction(async (tx) => {
        const locked = await lockPrepaidSim(tx, sim.id);
        if (!locked) throw new Error("not prepaid");
        return refillAllowance(tx, locked, { dataBytes: 1_000 * MB, validityDays: 30 }, "payment-1", day10);
      });
    expect(await refill()).toEqual({ refilled: true, dataLeftBytes: 900_000_000, validUntil: new Date("2026-04-30T09:00:00Z"), resumed: true });
    // The same payment confirmed again (webhook and reconciliation) changes nothing.
    expect(await refill()).toMatchObject({ refilled: false, dataLeftBytes: 900_000_000 });
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 900_000_000, validUntil: new Date("2026-04-30T09:00:00Z"), status: "pending", statusReason: "system" });
    await operatorCarriesOut(day10);
    expect((await simRow(sim.id))?.status).toBe("active");

    // On 30 April at 09:00 the validity ends: the job suspends it for expiry, 900 MB still unused.
    const end = new Date("2026-04-30T09:00:00Z");
    expect(await enforcePrepaidLimits({ db: db(), now: () => end })).toEqual({ suspended: { throughOperator: 1, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "expiry", dataLeftBytes: 900_000_000 });
    // A refill after the end forfeits those 900 MB and counts 30 days from the refill: 1,000 MB left.
    await operatorCarriesOut(end);
    const may2 = new Date("2026-05-02T09:00:00Z");
    const again = await db().transaction(async (tx) => {
      const locked = await lockPrepaidSim(tx, sim.id);
      if (!locked) throw new Error("not prepaid");
      return refillAllowance(tx, locked, { dataBytes: 1_000 * MB, validityDays: 30 }, "payment-2", may2);
    });
    expect(again).toEqual({ refilled: true, dataLeftBytes: 1_000_000_000, validUntil: new Date(may2.getTime() + 30 * DAY_MS), resumed: true });
    const last = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id)).orderBy(asc(allowanceLedger.id));
    expect(last.slice(3).map((e) => [e.kind, e.bytes, e.sourceKey])).toEqual([
      ["grant", 1_000_000_000, "refill:payment-1"],
      ["expire", 900_000_000, "expire:payment-2"],
      ["grant", 1_000_000_000, "refill:payment-2"],
    ]);
  });
});

describe("subscription: EUR 5.00 a month, 500 MB included, EUR 0.01 per MB beyond", () => {
  it("750.5 MB used in March: 500 + 251 = 751 cents on the April invoice", async () => {
    const [plan] = await db()
      .insert(plans)
      .values({ operatorId, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 500 * MB, overagePerMbMicros: 1_000_000 })
      .returning();
    if (!plan) throw new Error("plan");
    const sim = await addSim({ planId: plan.id, simType: "subscription" });
    // 300 MB on 3 March, 450.5 MB on 31 March at 23:59 UTC (reported twice), and 1 GB on 1 April,
    // which belongs to April's invoice.
    await reportUsage(sim, new Date("2026-03-03T10:00:00Z"), [{ bytes: 300 * MB }]);
    const endOfMonth = new Date("2026-04-01T00:30:00Z");
    const lastDay = await reportUsage(sim, endOfMonth, [{ bytes: 450_500_000, startedAt: new Date("2026-03-31T23:59:00Z") }]);
    await ingestBatch(db(), { operatorId, simIds: [sim.id], result: lastDay, sessionCapable: false, now: endOfMonth });
    await reportUsage(sim, new Date("2026-04-01T12:00:00Z"), [{ bytes: 1_000 * MB, startedAt: new Date("2026-04-01T00:00:00Z") }]);

    // Issued once March has been over for a day. 750.5 MB - 500 MB = 250.5 MB beyond, x EUR 0.01
    // = 250.5 cents, rounded once, half up: 251. Total 500 + 251 = 751 cents = EUR 7.51.
    expect((await issueInvoices({ db: db(), now: () => new Date("2026-04-02T00:05:00Z") })).failed).toBe(0);
    const [invoice] = await db().select().from(invoices).where(eq(invoices.companyId, acme)).orderBy(asc(invoices.periodStart));
    expect(invoice).toMatchObject({ kind: "invoice", currency: "EUR", periodStart: "2026-03-01", periodEnd: "2026-04-01", totalMinor: 751 });
    const lines = await db().select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice?.id ?? "")).orderBy(asc(invoiceLines.position));
    expect(lines.map((l) => [l.kind, l.usageBytes, l.billableBytes, l.ratePerMbMicros, l.amountMinor])).toEqual([
      ["monthly_fee", 750_500_000, null, null, 500],
      ["overage", 750_500_000, 250_500_000, 1_000_000, 251],
    ]);
  });
});

describe("PAYGO: EUR 0.02/MB by default, DE 0.05/MB, FR 0.01/MB", () => {
  it("charges each country's rate, suspends below the minimum and resumes after a big enough top-up", async () => {
    const T0 = new Date("2026-03-10T08:00:00Z");
    const [plan] = await db().insert(plans).values({ operatorId, type: "paygo", currency: "EUR", defaultPerMbMicros: 2_000_000 }).returning();
    if (!plan) throw new Error("plan");
    await db()
      .insert(planCountryRates)
      .values([
        { planId: plan.id, countryCode: "DE", perMbMicros: 5_000_000 },
        { planId: plan.id, countryCode: "FR", perMbMicros: 1_000_000 },
      ]);
    const sim = await addSim({ planId: plan.id, simType: "paygo", lastUsageAt: T0 });
    // A wallet with a minimum of EUR 0.00 and a EUR 1.00 top-up (a bank transfer):
    // 100 cents = 100,000,000 micros.
    const wallet = await openWallet(staff, { companyId: acme, currency: "EUR", minimumBalanceMinor: 0 }, T0);
    const topUp = (amountMinor: number, at: Date) =>
      recordWalletCredit(staff, { walletId: wallet.id, kind: "top_up", amountMinor, note: "Bank transfer", idempotencyKey: crypto.randomUUID() }, at);
    await topUp(100, T0);
    const balance = async () => (await db().select().from(wallets).where(eq(wallets.id, wallet.id)))[0]?.balanceMicros;
    expect(await balance()).toBe(100_000_000);

    // Usage in Germany (MCC 262), France (208) and on a network the portal does not know (999),
    // the German usage in two records of 6 MB and 4 MB, the batch reported twice.
    const t1 = new Date("2026-03-10T09:00:00Z");
    const batch = await reportUsage(sim, t1, [
      { bytes: 6 * MB, mccMnc: "26201" },
      { bytes: 4 * MB, mccMnc: "26202" },
      { bytes: 3_500_000, mccMnc: "20801" },
      { bytes: 1_234_567, mccMnc: "99901" },
    ]);
    await ingestBatch(db(), { operatorId, simIds: [sim.id], result: batch, sessionCapable: false, now: t1 });
    const usageEntries = async () =>
      (await db().select().from(walletEntries).where(eq(walletEntries.walletId, wallet.id)).orderBy(asc(walletEntries.id)))
        .filter((e) => e.kind === "usage")
        .map((e) => [e.countryCode, e.bytes, e.ratePerMbMicros, e.amountMicros]);
    expect((await usageEntries()).sort()).toEqual(
      [
        // DE: 10 MB x EUR 0.05 = 50 cents = 50,000,000 micros (one entry for both records).
        ["DE", 10_000_000, 5_000_000, -50_000_000],
        // FR: 3.5 MB x EUR 0.01 = 3.5 cents = 3,500,000 micros.
        ["FR", 3_500_000, 1_000_000, -3_500_000],
        // Unknown network: 1.234567 MB x EUR 0.02 (the default) = 2.469134 cents = 2,469,134 micros.
        [null, 1_234_567, 2_000_000, -2_469_134],
      ].sort(),
    );
    // 100,000,000 - 50,000,000 - 3,500,000 - 2,469,134 = 44,030,866 micros (EUR 0.44030866).
    expect(await balance()).toBe(44_030_866);

    // 10 MB more in Germany: -50,000,000 -> -5,969,134 micros, below the minimum of 0.
    const t2 = new Date("2026-03-11T09:00:00Z");
    await reportUsage(sim, t2, [{ bytes: 10 * MB, mccMnc: "26201" }]);
    expect(await balance()).toBe(-5_969_134);
    expect(await enforceWalletMinimums({ db: db(), now: () => t2 })).toMatchObject({ suspended: { throughOperator: 1, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "no_funds" });
    await operatorCarriesOut(t2);
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });

    // A 5-cent top-up is not enough: -5,969,134 + 5,000,000 = -969,134 micros, still below 0.
    const t3 = new Date("2026-03-11T10:00:00Z");
    await topUp(5, t3);
    expect(await balance()).toBe(-969_134);
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });
    // One more cent is: -969,134 + 1,000,000 = 30,866 micros >= 0, and the SIM resumes.
    await topUp(1, t3);
    expect(await balance()).toBe(30_866);
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "system" });
    await operatorCarriesOut(t3);
    expect((await simRow(sim.id))?.status).toBe("active");

    // The balance is exactly the sum of the wallet's seven entries.
    const all = await db().select().from(walletEntries).where(eq(walletEntries.walletId, wallet.id));
    expect(all).toHaveLength(7);
    expect(all.reduce((sum, e) => sum + e.amountMicros, 0)).toBe(30_866);
  });
});
