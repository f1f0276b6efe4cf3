import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, auditLog, companies, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { startOperations } from "@/lib/sims/operations";
import { runSimOperations } from "@/lib/sims/operations-job";
import { lockPrepaidSim, refillAllowance, type RefillPackage } from "./allowance";

const T0 = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const days = (d: number) => new Date(T0.getTime() + d * DAY);
const MB = 1_000_000;
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };
const PACK: RefillPackage = { dataBytes: 500 * MB, validityDays: 30 };

let acme = "";
let simulator = "";
let paper = "";
let n = 0;

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Acme" }).returning();
  const [sim, none] = await db()
    .insert(operators)
    .values([
      { name: "Simnet", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET },
      { name: "Paper Op", countryCode: "GB", currency: "GBP", driver: "none" },
    ])
    .returning();
  if (!company || !sim || !none) throw new Error("fixtures");
  acme = company.id;
  simulator = sim.id;
  paper = none.id;
});

type Seed = { kind: "grant" | "debit" | "expire"; bytes: number; validUntil?: Date };

// A prepaid SIM with the ledger it has lived so far; its list columns agree with that ledger.
async function addSim(ledger: Seed[], over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const sum = ledger.reduce((s, e) => s + (e.kind === "grant" ? e.bytes : -e.bytes), 0);
  const validUntil = ledger.reduce<Date | null>((v, e) => (e.validUntil && (!v || e.validUntil > v) ? e.validUntil : v), null);
  const [row] = await db()
    .insert(sims)
    .values({
      iccid: `89340700000000${String(50_000 + n)}`,
      formFactor: "physical",
      operatorId: simulator,
      status: "active",
      statusReason: "operator",
      companyId: acme,
      msisdn: `3460000${String(2000 + n)}`,
      simType: "prepaid",
      dataLeftBytes: Math.max(0, sum),
      validUntil,
      lastUsageAt: T0,
      ...over,
    })
    .returning();
  if (!row) throw new Error("sim");
  if (ledger.length > 0) {
    await db()
      .insert(allowanceLedger)
      .values(ledger.map((e, i) => ({ simId: row.id, kind: e.kind, bytes: e.bytes, validUntil: e.validUntil ?? null, sourceKey: `seed:${row.id}:${i}`, createdAt: days(-40) })));
  }
  return row;
}

const seconds = (s: number) => new Date(T0.getTime() + s * 1000);

// Works the queued operations through the simulator until its delay has passed.
async function finishOperations(from: Date) {
  await runSimOperations({ db: db(), now: () => from });
  await runSimOperations({ db: db(), now: () => new Date(from.getTime() + 11_000) });
}

const refill = (simId: number, key: string, at = T0, pack = PACK) =>
  db().transaction(async (tx) => {
    const sim = await lockPrepaidSim(tx, simId);
    if (!sim) throw new Error("not a live prepaid SIM");
    return refillAllowance(tx, sim, pack, key, at);
  });

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const ledgerOf = async (id: number) =>
  (await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, id)).orderBy(asc(allowanceLedger.id)))
    .filter((e) => !e.sourceKey.startsWith("seed:"))
    .map((e) => [e.kind, e.bytes, e.validUntil?.toISOString() ?? null, e.sourceKey]);

describe("refillAllowance", () => {
  it("adds the data and extends a valid allowance from its current end", async () => {
    const sim = await addSim([
      { kind: "grant", bytes: 1_000 * MB, validUntil: days(10) },
      { kind: "debit", bytes: 400 * MB },
    ]);
    expect(await refill(sim.id, "pay-valid")).toEqual({ refilled: true, dataLeftBytes: 1_100 * MB, validUntil: days(40), resumed: false });
    expect(await ledgerOf(sim.id)).toEqual([["grant", 500 * MB, days(40).toISOString(), "refill:pay-valid"]]);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 1_100 * MB, validUntil: days(40), updatedAt: T0 });
  });

  it("forfeits what an expired allowance had left with an expire entry, and counts the new validity from the refill", async () => {
    const sim = await addSim([
      { kind: "grant", bytes: 1_000 * MB, validUntil: days(-1) },
      { kind: "debit", bytes: 400 * MB },
    ]);
    expect(await refill(sim.id, "pay-expired")).toEqual({ refilled: true, dataLeftBytes: 500 * MB, validUntil: days(30), resumed: false });
    expect(await ledgerOf(sim.id)).toEqual([
      ["expire", 600 * MB, null, "expire:pay-expired"],
      ["grant", 500 * MB, days(30).toISOString(), "refill:pay-expired"],
    ]);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 500 * MB, validUntil: days(30) });
  });

  it("covers usage reported after the data ran out first, valid or expired, and forfeits nothing", async () => {
    const valid = await addSim([
      { kind: "grant", bytes: 100 * MB, validUntil: days(5) },
      { kind: "debit", bytes: 150 * MB },
    ]);
    expect(await refill(valid.id, "pay-negative")).toEqual({ refilled: true, dataLeftBytes: 450 * MB, validUntil: days(35), resumed: false });
    expect(await simRow(valid.id)).toMatchObject({ dataLeftBytes: 450 * MB });

    const expired = await addSim([
      { kind: "grant", bytes: 100 * MB, validUntil: days(-5) },
      { kind: "debit", bytes: 150 * MB },
    ]);
    expect(await refill(expired.id, "pay-negative-expired")).toEqual({ refilled: true, dataLeftBytes: 450 * MB, validUntil: days(30), resumed: false });
    expect(await ledgerOf(expired.id)).toEqual([["grant", 500 * MB, days(30).toISOString(), "refill:pay-negative-expired"]]);
  });

  it("refills once per source key: a replayed payment is a no-op", async () => {
    const sim = await addSim([{ kind: "grant", bytes: 100 * MB, validUntil: days(10) }]);
    const first = await refill(sim.id, "pay-once");
    const before = await simRow(sim.id);
    expect(await refill(sim.id, "pay-once", days(1))).toEqual({ refilled: false, dataLeftBytes: first.dataLeftBytes, validUntil: first.validUntil, resumed: false });
    expect(await ledgerOf(sim.id)).toEqual([["grant", 500 * MB, days(40).toISOString(), "refill:pay-once"]]);
    expect(await simRow(sim.id)).toEqual(before);
  });

  it("locks only live prepaid SIMs", async () => {
    const subscription = await addSim([], { simType: "subscription" });
    const retired = await addSim([], { retiredAt: T0 });
    const prepaid = await addSim([]);
    const locked = await db().transaction(async (tx) => Promise.all([subscription, retired, prepaid].map((s) => lockPrepaidSim(tx, s.id))));
    expect(locked.map((s) => s?.id ?? null)).toEqual([null, null, prepaid.id]);
  });
});

describe("a refill and the system's suspensions", () => {
  it("resumes through the operator a SIM suspended for no data once it has data again", async () => {
    const sim = await addSim([
      { kind: "grant", bytes: 100 * MB, validUntil: days(10) },
      { kind: "debit", bytes: 100 * MB },
    ]);
    // The system suspends it at the operator first, as the enforce-prepaid-limits job does.
    await db().transaction(async (tx) => {
      const locked = await lockPrepaidSim(tx, sim.id);
      if (!locked) throw new Error("not locked");
      await startOperations(tx, { kind: "system", reason: "no_data" }, [locked], "suspend", T0);
    });
    await finishOperations(T0);
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_data" });

    const at = seconds(60);
    expect(await refill(sim.id, "pay-resume-op", at)).toEqual({ refilled: true, dataLeftBytes: 500 * MB, validUntil: days(40), resumed: true });
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "system", statusDetail: "Data available again; resuming at the operator" });
    const ops = await db().select().from(simOperations).where(eq(simOperations.simId, sim.id)).orderBy(asc(simOperations.createdAt));
    expect(ops.map((o) => [o.kind, o.state, o.reason, o.actorKind, o.targetStatus])).toEqual([
      ["suspend", "succeeded", "no_data", "system", "suspended"],
      ["resume", "queued", "no_data", "system", "active"],
    ]);

    await finishOperations(at);
    expect(await simRow(sim.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: "Data available again; resumed at the operator" });
  });

  it("resumes in the portal a SIM suspended for an ended validity, when its integration cannot resume", async () => {
    const sim = await addSim([{ kind: "grant", bytes: 100 * MB, validUntil: days(-1) }], {
      operatorId: paper,
      status: "suspended",
      statusReason: "expiry",
      statusDetail: "Validity ended; suspended in the portal",
    });
    expect(await refill(sim.id, "pay-resume-portal")).toMatchObject({ refilled: true, dataLeftBytes: 500 * MB, resumed: true });
    const detail = "Valid again; resumed in the portal (the operator integration cannot resume)";
    expect(await simRow(sim.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: detail, statusChangedAt: T0 });
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, sim.id)).orderBy(asc(simStatusHistory.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.actorKind, h.detail])).toEqual([["suspended", "active", "system", "system", detail]]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, sim.iccid)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.actorKind, a.before, a.after])).toEqual([["sim.resume", "system", { status: "suspended" }, { status: "active", reason: "expiry" }]]);
  });

  it("does not resume a SIM whose refill does not cover the data used beyond its allowance", async () => {
    const sim = await addSim(
      [
        { kind: "grant", bytes: 100 * MB, validUntil: days(10) },
        { kind: "debit", bytes: 700 * MB },
      ],
      { operatorId: paper, status: "suspended", statusReason: "no_data", statusDetail: "No data left" },
    );
    expect(await refill(sim.id, "pay-short")).toEqual({ refilled: true, dataLeftBytes: 0, validUntil: days(40), resumed: false });
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_data", dataLeftBytes: 0 });
    expect(await db().$count(simStatusHistory, eq(simStatusHistory.simId, sim.id))).toBe(0);

    // The next refill covers it: now it resumes.
    expect(await refill(sim.id, "pay-short-2")).toMatchObject({ dataLeftBytes: 400 * MB, resumed: true });
    expect((await simRow(sim.id))?.status).toBe("active");
  });

  it("does not resume a SIM a user suspended", async () => {
    const sim = await addSim([{ kind: "grant", bytes: 100 * MB, validUntil: days(-1) }], { operatorId: paper, status: "suspended", statusReason: "user", statusDetail: "Lost" });
    expect(await refill(sim.id, "pay-user")).toMatchObject({ refilled: true, dataLeftBytes: 500 * MB, resumed: false });
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "user", statusDetail: "Lost", dataLeftBytes: 500 * MB });
    expect(await db().$count(simOperations, eq(simOperations.simId, sim.id))).toBe(0);
  });
});
