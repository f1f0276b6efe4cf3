import { asc, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, companies, operators, planCountryRates, plans, sims, usageRecords, users, walletEntries, wallets } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { countryForMccMnc } from "@/lib/sims/countries";
import { assignProductChange } from "@/lib/sims/product";
import { changeOneSim } from "@/lib/sims/sim-change";
import { ingestBatch } from "@/operators/ingest";
import type { ReadResult, UsageReport } from "@/operators/types";
import { allowanceOf, dataLeftBytes, lockPrepaidSim, refillAllowance } from "./allowance";
import { MICROS_PER_MINOR } from "@/lib/money";
import { usageChargeMicros } from "./paygo-rating";
import { openWallet, recordWalletCredit } from "./wallets";

// Model-based property tests of the two ledgers against the database, through the real code:
// operators/ingest.ts for usage (with replays and the same batch ingested twice at once), plan
// assignment for the initial prepaid grant, refillAllowance for refills, recordWalletCredit for
// staff top-ups and adjustments. After every step the database is compared with a small model
// written here independently of lib/billing, and the stored balances with their ledgers.

const T0 = new Date("2026-03-29T12:00:00Z");
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MB = 1_000_000;
const ZONE = "Asia/Jerusalem";
const db = () => getDb();
const staff: Viewer = { userId: "", email: "staff@ledgers.example", name: null, role: "staff", companyId: null, companyName: null };
const ids = { operator: "", planA: "", planB: "", paygo: "", subscription: "" };
// Plan A: 1 GB / 30 days; plan B: 500 MB / 10 days. PAYGO: rates that are not whole cents per MB
// (so that rounding matters): EUR 0.0200501/MB by default, DE 0.04999999, FR 0.01234567, GB free.
const PREPAID = { planA: { dataBytes: 1_000 * MB, validityDays: 30 }, planB: { dataBytes: 500 * MB, validityDays: 10 } } as const;
const PAYGO_DEFAULT = 2_005_010;
const PAYGO_RATES = new Map([
  ["DE", 4_999_999],
  ["FR", 1_234_567],
  ["GB", 0],
]);
// Germany, France, the UK, a network the portal does not know, and no network at all.
const NETWORKS = ["26201", "20801", "23415", "99901", null] as const;
let iccidSeq = 0;
let runSeq = 0;

beforeAll(async () => {
  expect(countryForMccMnc("99901")).toBeNull();
  const [op] = await db().insert(operators).values({ name: "Ledger Op", countryCode: "DE", currency: "EUR", driver: "simulator" }).returning();
  if (!op) throw new Error("operator");
  const [a, b, paygo, sub] = await db()
    .insert(plans)
    .values([
      { operatorId: op.id, type: "prepaid", currency: "EUR", priceMinor: 1000, ...PREPAID.planA },
      { operatorId: op.id, type: "prepaid", currency: "EUR", priceMinor: 500, ...PREPAID.planB },
      { operatorId: op.id, type: "paygo", currency: "EUR", defaultPerMbMicros: PAYGO_DEFAULT },
      { operatorId: op.id, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 100 * MB, overagePerMbMicros: 1_000_000 },
    ])
    .returning();
  if (!a || !b || !paygo || !sub) throw new Error("plans");
  await db()
    .insert(planCountryRates)
    .values([...PAYGO_RATES].map(([countryCode, perMbMicros]) => ({ planId: paygo.id, countryCode, perMbMicros })));
  Object.assign(ids, { operator: op.id, planA: a.id, planB: b.id, paygo: paygo.id, subscription: sub.id });
  const [user] = await db().insert(users).values({ email: staff.email, role: "staff" }).returning();
  staff.userId = user?.id ?? "";
});

// --- the world of one run: a company in Jerusalem, two prepaid, two PAYGO and one subscription SIM

type SimKind = "prepaid" | "paygo" | "subscription";
const SIM_KINDS: readonly SimKind[] = ["prepaid", "prepaid", "paygo", "paygo", "subscription"];
type WorldSim = { id: number; iccid: string; kind: SimKind };
type World = { run: number; companyId: string; walletId: string; sims: WorldSim[] };

async function makeWorld(): Promise<World> {
  runSeq += 1;
  const [company] = await db()
    .insert(companies)
    .values({ name: `Ledgers ${runSeq}`, timeZone: ZONE })
    .returning();
  if (!company) throw new Error("company");
  const list: WorldSim[] = [];
  for (const kind of SIM_KINDS) {
    iccidSeq += 1;
    // Prepaid SIMs get their plan (and its initial grant) through plan assignment, below.
    const planId = kind === "paygo" ? ids.paygo : kind === "subscription" ? ids.subscription : null;
    const [row] = await db()
      .insert(sims)
      .values({
        iccid: `8949100000000${String(iccidSeq).padStart(6, "0")}`,
        formFactor: "physical",
        operatorId: ids.operator,
        status: "active",
        companyId: company.id,
        planId,
        simType: kind === "prepaid" ? null : kind,
      })
      .returning();
    if (!row) throw new Error("sim");
    list.push({ id: row.id, iccid: row.iccid, kind });
  }
  const wallet = await openWallet(staff, { companyId: company.id, currency: "EUR", minimumBalanceMinor: 0 }, T0);
  return { run: runSeq, companyId: company.id, walletId: wallet.id, sims: list };
}

// --- the independent model

type PoolRecord = { sim: number; bytes: number; minutes: number; network: (typeof NETWORKS)[number] };
type PrepaidModel = { plan: string | null; granted: Set<string>; grants: number; used: number; forfeited: number; validUntil: number | null };
type ExpectedCharge = { simId: number; countryCode: string | null; bytes: number; amountMicros: number };
// Refill keys are payments: one key refills one SIM once, whichever SIM a replay names.
type Model = { now: number; seen: Set<number>; prepaid: Map<number, PrepaidModel>; refills: Set<string>; charges: ExpectedCharge[]; credits: Map<string, number>; usedBySim: Map<number, number> };

const COUNTRY_OF: Record<string, string | null> = { "26201": "DE", "20801": "FR", "23415": "GB", "99901": null };
const countryOf = (network: string | null) => (network === null ? null : (COUNTRY_OF[network] ?? null));
const startedAtOf = (r: PoolRecord) => new Date(T0.getTime() + r.minutes * 60_000);

function localMonth(at: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit" }).formatToParts(at);
  return `${parts.find((p) => p.type === "year")?.value}-${parts.find((p) => p.type === "month")?.value}`;
}

const leftOf = (m: PrepaidModel, now: number) => (m.validUntil !== null && now < m.validUntil ? Math.max(0, m.grants - m.used - m.forfeited) : 0);

// A batch: what is new is counted once; the new PAYGO usage of the batch is charged per SIM,
// country and month of the company's zone, each entry rounded once.
function modelIngest(model: Model, world: World, pool: readonly PoolRecord[], batch: readonly number[]): void {
  const groups = new Map<string, ExpectedCharge>();
  for (const index of batch) {
    if (model.seen.has(index)) continue;
    model.seen.add(index);
    const record = pool[index];
    const sim = record ? world.sims[record.sim] : undefined;
    if (!record || !sim) continue;
    model.usedBySim.set(sim.id, (model.usedBySim.get(sim.id) ?? 0) + record.bytes);
    const prepaid = model.prepaid.get(sim.id);
    if (sim.kind === "prepaid" && prepaid) prepaid.used += record.bytes;
    if (sim.kind !== "paygo") continue;
    const countryCode = countryOf(record.network);
    const key = `${sim.id}|${countryCode}|${localMonth(startedAtOf(record))}`;
    const group = groups.get(key) ?? { simId: sim.id, countryCode, bytes: 0, amountMicros: 0 };
    group.bytes += record.bytes;
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const rate = (group.countryCode === null ? undefined : PAYGO_RATES.get(group.countryCode)) ?? PAYGO_DEFAULT;
    // Half up, computed here with BigInt independently of usageChargeMicros.
    const exact2 = BigInt(group.bytes) * BigInt(rate) * 2n;
    group.amountMicros = 0 - Number((exact2 + BigInt(MB)) / (2n * BigInt(MB)));
    model.charges.push(group);
  }
}

function modelRefill(model: Model, m: PrepaidModel, key: string, pack: { dataBytes: number; validityDays: number }, now: number): void {
  if (model.refills.has(key)) return;
  model.refills.add(key);
  if (m.validUntil !== null && now < m.validUntil) m.validUntil += pack.validityDays * DAY_MS;
  else {
    m.forfeited += Math.max(0, m.grants - m.used - m.forfeited);
    m.validUntil = now + pack.validityDays * DAY_MS;
  }
  m.grants += pack.dataBytes;
}

// The plan's package once per SIM and plan, valid from the assignment; an expired leftover is
// forfeited first, as at a refill.
function modelAssign(m: PrepaidModel, planId: string, now: number): void {
  if (m.plan === planId) return;
  m.plan = planId;
  if (m.granted.has(planId)) return;
  m.granted.add(planId);
  if (m.validUntil !== null && now >= m.validUntil) m.forfeited += Math.max(0, m.grants - m.used - m.forfeited);
  const pack = planId === ids.planA ? PREPAID.planA : PREPAID.planB;
  m.grants += pack.dataBytes;
  m.validUntil = Math.max(m.validUntil ?? 0, now + pack.validityDays * DAY_MS);
}

// --- steps

type Step =
  | { kind: "usage"; batch: number[] }
  | { kind: "usageTwice"; batch: number[] }
  // Two different batches that may share records, ingested at the same time.
  | { kind: "usageOverlap"; batch: number[]; other: number[] }
  | { kind: "clock"; hours: number }
  // The clock moves past a prepaid SIM's validity end (by 0 to 48 hours).
  | { kind: "pastEnd"; sim: 0 | 1; hours: number }
  // replay: the last payment's key again; twice: the same refill or credit submitted twice at once.
  | { kind: "refill"; sim: 0 | 1; dataMb: number; days: number; replay: boolean; twice: boolean }
  | { kind: "assign"; sim: 0 | 1; plan: "planA" | "planB" }
  | { kind: "credit"; type: "top_up" | "adjustment"; amountMinor: number; replay: boolean; twice: boolean };

const recordArb: fc.Arbitrary<PoolRecord> = fc.record({
  sim: fc.integer({ min: 0, max: SIM_KINDS.length - 1 }),
  // Up to 400 MB, to the byte: totals cross 0 and charges are rarely whole micros.
  bytes: fc.integer({ min: 0, max: 400 * MB }),
  // Within 40 days of T0, often within hours of the month's end, which comes in Jerusalem (UTC+3)
  // at T0 + 57 hours, three hours before it does in UTC.
  minutes: fc.oneof(fc.integer({ min: -3 * 24 * 60, max: 40 * 24 * 60 }), fc.integer({ min: 57 * 60 - 150, max: 60 * 60 + 150 })),
  network: fc.constantFrom(...NETWORKS),
});

function stepArb(poolSize: number, weights: { prepaid: number; paygo: number }): fc.Arbitrary<Step> {
  const batch = fc.uniqueArray(fc.integer({ min: 0, max: poolSize - 1 }), { minLength: 1, maxLength: Math.min(poolSize, 6) });
  return fc.oneof(
    { arbitrary: batch.map((b) => ({ kind: "usage" as const, batch: b })), weight: 4 },
    { arbitrary: batch.map((b) => ({ kind: "usageTwice" as const, batch: b })), weight: 2 },
    { arbitrary: fc.tuple(batch, batch).map(([b, other]) => ({ kind: "usageOverlap" as const, batch: b, other })), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 24 * 25 }).map((hours) => ({ kind: "clock" as const, hours })), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("pastEnd" as const), sim: fc.constantFrom(0 as const, 1 as const), hours: fc.integer({ min: 0, max: 48 }) }), weight: weights.prepaid },
    {
      arbitrary: fc.record({ kind: fc.constant("refill" as const), sim: fc.constantFrom(0 as const, 1 as const), dataMb: fc.integer({ min: 1, max: 800 }), days: fc.integer({ min: 1, max: 30 }), replay: fc.boolean(), twice: fc.boolean() }),
      weight: weights.prepaid * 2,
    },
    { arbitrary: fc.record({ kind: fc.constant("assign" as const), sim: fc.constantFrom(0 as const, 1 as const), plan: fc.constantFrom("planA" as const, "planB" as const) }), weight: weights.prepaid },
    {
      arbitrary: fc.oneof(
        fc.record({ kind: fc.constant("credit" as const), type: fc.constant("top_up" as const), amountMinor: fc.integer({ min: 1, max: 2_000 }), replay: fc.boolean(), twice: fc.boolean() }),
        fc.record({ kind: fc.constant("credit" as const), type: fc.constant("adjustment" as const), amountMinor: fc.integer({ min: -1_000, max: 1_000 }).filter((n) => n !== 0), replay: fc.boolean(), twice: fc.boolean() }),
      ),
      weight: weights.paygo * 2,
    },
  );
}

const scenario = (weights: { prepaid: number; paygo: number }) =>
  fc.array(recordArb, { minLength: 1, maxLength: 16 }).chain((pool) => fc.tuple(fc.constant(pool), fc.array(stepArb(pool.length, weights), { minLength: 1, maxLength: 12 })));

function readResult(world: World, pool: readonly PoolRecord[], batch: readonly number[]): ReadResult {
  const usage: UsageReport[] = batch.flatMap((index) => {
    const record = pool[index];
    const sim = record ? world.sims[record.sim] : undefined;
    if (!record || !sim) return [];
    return [{ kind: "record" as const, iccid: sim.iccid, recordId: `run${world.run}-${index}`, startedAt: startedAtOf(record), bytes: record.bytes, mccMnc: record.network }];
  });
  return { reports: [], usage, failures: [] };
}

async function runStep(step: Step, world: World, pool: readonly PoolRecord[], model: Model, keys: { refills: string[]; credits: { key: string; type: "top_up" | "adjustment"; amountMinor: number }[] }) {
  const now = new Date(model.now);
  const simIds = world.sims.map((s) => s.id);
  switch (step.kind) {
    case "usage":
    case "usageTwice": {
      const input = { operatorId: ids.operator, simIds, result: readResult(world, pool, step.batch), sessionCapable: false, now };
      const runs = step.kind === "usage" ? [await ingestBatch(db(), input)] : await Promise.all([ingestBatch(db(), input), ingestBatch(db(), input)]);
      const fresh = step.batch.filter((i) => !model.seen.has(i)).length;
      // However the two overlap, the new records are inserted by exactly one of them.
      expect(runs.reduce((sum, r) => sum + r.usageRecords, 0)).toBe(fresh);
      modelIngest(model, world, pool, step.batch);
      return;
    }
    case "usageOverlap": {
      const input = (batch: number[]) => ({ operatorId: ids.operator, simIds, result: readResult(world, pool, batch), sessionCapable: false, now });
      const [a, b] = await Promise.all([ingestBatch(db(), input(step.batch)), ingestBatch(db(), input(step.other))]);
      // They run one after the other (each locks the SIMs): the counts say which came first, and a
      // record both carry is new only in the first.
      const fresh = (batch: number[], before: number[]) => batch.filter((i) => !model.seen.has(i) && !before.includes(i)).length;
      const firstCame = a?.usageRecords === fresh(step.batch, []) && b?.usageRecords === fresh(step.other, step.batch);
      expect(firstCame || (a?.usageRecords === fresh(step.batch, step.other) && b?.usageRecords === fresh(step.other, []))).toBe(true);
      for (const batch of firstCame ? [step.batch, step.other] : [step.other, step.batch]) modelIngest(model, world, pool, batch);
      return;
    }
    case "clock":
      model.now += step.hours * HOUR_MS;
      return;
    case "pastEnd": {
      const end = model.prepaid.get(world.sims[step.sim]?.id ?? 0)?.validUntil ?? model.now;
      model.now = Math.max(model.now, end + step.hours * HOUR_MS);
      return;
    }
    case "refill": {
      const sim = world.sims[step.sim];
      const m = sim && model.prepaid.get(sim.id);
      if (!sim || !m) throw new Error("world");
      const key = step.replay && keys.refills.length > 0 ? (keys.refills[keys.refills.length - 1] ?? "") : `pay-${world.run}-${keys.refills.length}`;
      if (!keys.refills.includes(key)) keys.refills.push(key);
      const pack = { dataBytes: step.dataMb * MB, validityDays: step.days };
      const isNew = !model.refills.has(key);
      const refill = () =>
        db().transaction(async (tx) => {
          const locked = await lockPrepaidSim(tx, sim.id);
          if (!locked) throw new Error("not a live prepaid SIM");
          return refillAllowance(tx, locked, pack, key, now);
        });
      const results = step.twice ? await Promise.all([refill(), refill()]) : [await refill()];
      modelRefill(model, m, key, pack, model.now);
      // Refilled once at most, whichever came first; both answer with the allowance after it.
      expect(results.filter((r) => r.refilled)).toHaveLength(isNew ? 1 : 0);
      for (const result of results) expect(result).toMatchObject({ dataLeftBytes: leftOf(m, model.now), validUntil: m.validUntil === null ? null : new Date(m.validUntil) });
      return;
    }
    case "assign": {
      const sim = world.sims[step.sim];
      const m = sim && model.prepaid.get(sim.id);
      if (!sim || !m) throw new Error("world");
      await changeOneSim(staff, { kind: "platform" }, sim.iccid, assignProductChange, { planId: ids[step.plan] }, now);
      modelAssign(m, ids[step.plan], model.now);
      return;
    }
    case "credit": {
      const previous = keys.credits.find((c) => c.type === step.type);
      const credit = step.replay && previous ? previous : { key: crypto.randomUUID(), type: step.type, amountMinor: step.amountMinor };
      if (credit !== previous) keys.credits.push(credit);
      const record = () => recordWalletCredit(staff, { walletId: world.walletId, kind: credit.type, amountMinor: credit.amountMinor, note: "ledger property", idempotencyKey: credit.key }, now);
      const results = step.twice ? await Promise.all([record(), record()]) : [await record()];
      const sourceKey = `${credit.type}:${credit.key}`;
      expect(results.filter((r) => r.recorded)).toHaveLength(model.credits.has(sourceKey) ? 0 : 1);
      model.credits.set(sourceKey, credit.amountMinor * MICROS_PER_MINOR);
      return;
    }
  }
}

// --- the checks after every step

async function checkUsageAndAllowances(world: World, model: Model): Promise<void> {
  const now = new Date(model.now);
  for (const sim of world.sims) {
    const ledger = await db()
      .select({ kind: allowanceLedger.kind, bytes: allowanceLedger.bytes, validUntil: allowanceLedger.validUntil })
      .from(allowanceLedger)
      .where(eq(allowanceLedger.simId, sim.id))
      .orderBy(asc(allowanceLedger.id));
    // Every distinct record of every SIM stored once, however often it was reported.
    const recorded = (await db().select({ bytes: usageRecords.bytes }).from(usageRecords).where(eq(usageRecords.simId, sim.id))).reduce((sum, r) => sum + r.bytes, 0);
    expect(recorded).toBe(model.usedBySim.get(sim.id) ?? 0);
    const m = model.prepaid.get(sim.id);
    if (!m) {
      expect(ledger, `no allowance for a ${sim.kind} SIM`).toEqual([]);
      continue;
    }
    const [row] = await db().select({ dataLeftBytes: sims.dataLeftBytes, validUntil: sims.validUntil }).from(sims).where(eq(sims.id, sim.id));
    const allowance = allowanceOf(ledger);
    const total = (kind: string) => ledger.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.bytes, 0);
    // The list's figure is the floored ledger sum; the validity is the latest grant's end.
    expect(row?.dataLeftBytes).toBe(Math.max(0, allowance.sum));
    expect(row?.validUntil?.getTime() ?? null).toBe(m.validUntil);
    expect(allowance.validUntil?.getTime() ?? null).toBe(m.validUntil);
    // Data left: the model's, never negative, 0 once the validity has ended.
    const left = dataLeftBytes(allowance, now);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left).toBe(leftOf(m, model.now));
    expect(allowance.sum).toBe(m.grants - m.used - m.forfeited);
    // Each usage record debited exactly once; forfeits exactly the model's.
    expect(total("debit")).toBe(m.used);
    expect(total("debit")).toBe(recorded);
    expect(total("grant")).toBe(m.grants);
    expect(total("expire")).toBe(m.forfeited);
  }
}

async function checkWallet(world: World, model: Model): Promise<void> {
  const [wallet] = await db().select().from(wallets).where(eq(wallets.id, world.walletId));
  const entries = await db().select().from(walletEntries).where(eq(walletEntries.walletId, world.walletId)).orderBy(asc(walletEntries.id));
  const expectedBalance = [...model.credits.values()].reduce((s, v) => s + v, 0) + model.charges.reduce((s, c) => s + c.amountMicros, 0);
  expect(wallet?.balanceMicros).toBe(entries.reduce((sum, e) => sum + e.amountMicros, 0));
  expect(wallet?.balanceMicros).toBe(expectedBalance);
  const usage = entries.filter((e) => e.kind === "usage");
  const order = (a: ExpectedCharge, b: ExpectedCharge) => a.simId - b.simId || String(a.countryCode).localeCompare(String(b.countryCode)) || a.bytes - b.bytes || a.amountMicros - b.amountMicros;
  const stored = usage.map((e) => ({ simId: e.simId ?? 0, countryCode: e.countryCode, bytes: e.bytes ?? 0, amountMicros: e.amountMicros }));
  expect(stored.sort(order)).toEqual([...model.charges].sort(order));
  for (const e of usage) {
    const rate = (e.countryCode === null ? undefined : PAYGO_RATES.get(e.countryCode)) ?? PAYGO_DEFAULT;
    expect(e.ratePerMbMicros).toBe(rate);
    expect(e.amountMicros).toBe(0 - usageChargeMicros(e.bytes ?? -1, rate));
  }
  // Every distinct byte of the PAYGO SIMs is charged once, and nothing of the others.
  const paygoIds = world.sims.filter((s) => s.kind === "paygo").map((s) => s.id);
  const paygoBytes = (await db().select({ bytes: usageRecords.bytes }).from(usageRecords).where(inArray(usageRecords.simId, paygoIds))).reduce((s, r) => s + r.bytes, 0);
  expect(usage.reduce((s, e) => s + (e.bytes ?? 0), 0)).toBe(paygoBytes);
  expect(usage.every((e) => paygoIds.includes(e.simId ?? 0))).toBe(true);
}

async function runScenario(pool: PoolRecord[], steps: Step[]): Promise<void> {
  const world = await makeWorld();
  const model: Model = { now: T0.getTime(), seen: new Set(), prepaid: new Map(), refills: new Set(), charges: [], credits: new Map(), usedBySim: new Map() };
  // The prepaid SIMs start on plan A: its package is the initial grant.
  for (const sim of world.sims.filter((s) => s.kind === "prepaid")) {
    const m: PrepaidModel = { plan: null, granted: new Set(), grants: 0, used: 0, forfeited: 0, validUntil: null };
    model.prepaid.set(sim.id, m);
    await changeOneSim(staff, { kind: "platform" }, sim.iccid, assignProductChange, { planId: ids.planA }, T0);
    modelAssign(m, ids.planA, model.now);
  }
  const keys = { refills: [] as string[], credits: [] as { key: string; type: "top_up" | "adjustment"; amountMinor: number }[] };
  await checkUsageAndAllowances(world, model);
  for (const step of steps) {
    await runStep(step, world, pool, model, keys);
    await checkUsageAndAllowances(world, model);
    await checkWallet(world, model);
  }
}

describe("the ledgers against a model, after any sequence of steps", () => {
  it("prepaid: data left is the ledger's sum within validity, never negative, every record debited once", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario({ prepaid: 3, paygo: 0 }), async ([pool, steps]) => {
        await runScenario(pool, steps);
      }),
      { numRuns: 25 },
    );
  });

  it("PAYGO: the wallet's balance is its entries, and the usage charged is the model's", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario({ prepaid: 0, paygo: 3 }), async ([pool, steps]) => {
        await runScenario(pool, steps);
      }),
      { numRuns: 25 },
    );
  });
});

describe("a new prepaid plan after the allowance expired", () => {
  // Rule (allowance.ts): data left over from an allowance that expired is forfeited when a new
  // package arrives, so the package does not revive it: at a refill, and at the initial grant of
  // a newly assigned prepaid plan (lib/sims/product.ts, grantInitialAllowance).
  it("forfeits the expired leftover when a SIM moves to another prepaid plan", async () => {
    const world = await makeWorld();
    const sim = world.sims[0];
    if (!sim) throw new Error("world");
    // Plan A at T0: 1,000 MB until T0 + 30 days; 400 MB used, so 600 MB on the ledger.
    await changeOneSim(staff, { kind: "platform" }, sim.iccid, assignProductChange, { planId: ids.planA }, T0);
    const result = readResult(world, [{ sim: 0, bytes: 400 * MB, minutes: 60, network: null }], [0]);
    await ingestBatch(db(), { operatorId: ids.operator, simIds: [sim.id], result, sessionCapable: false, now: T0 });
    // 31 days later the validity has ended: 0 left. Plan B (500 MB / 10 days) is assigned.
    const later = new Date(T0.getTime() + 31 * DAY_MS);
    await changeOneSim(staff, { kind: "platform" }, sim.iccid, assignProductChange, { planId: ids.planB }, later);
    const ledger = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id)).orderBy(asc(allowanceLedger.id));
    const [row] = await db().select().from(sims).where(eq(sims.id, sim.id));
    // 500 MB (the new package alone), not 600 + 500 = 1,100 MB.
    expect(dataLeftBytes(allowanceOf(ledger), later)).toBe(500 * MB);
    expect(row?.dataLeftBytes).toBe(500 * MB);
  });
});
