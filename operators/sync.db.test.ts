import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, operatorSyncState, operators, simStatusHistory, sims, syncRuns, usageRecords } from "@/db/schema";
import { randomBytes } from "node:crypto";
import { resetEnvForTests } from "@/lib/env";
import { ingestBatch } from "./ingest";
import { encryptCredentials } from "./secrets";
import { syncAllOperators, syncOperator } from "./sync";
import { CIRCUIT_THRESHOLD, LEASE_MS } from "./sync-state";
import { OperatorError, type Capability, type OperatorAdapter, type ReadResult, type SimReport, type SyncWindow } from "./types";

const NOW = new Date("2026-03-10T12:00:00Z");
const MB = 1_000_000;
const db = () => getDb();

let operatorId = "";
let n = 0;

async function operatorRow() {
  const [row] = await db().select().from(operators).where(eq(operators.id, operatorId));
  if (!row) throw new Error("no operator");
  return row;
}

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const [row] = await db()
    .insert(sims)
    .values({ iccid: `89440000000000${String(n).padStart(5, "0")}`, formFactor: "physical", operatorId, status: "pending", ...over })
    .returning();
  if (!row) throw new Error("no sim");
  return row;
}

const line = (iccid: string, over: Partial<SimReport> = {}): SimReport => ({
  iccid,
  state: "active",
  msisdn: "447700900001",
  imsi: "234150000000001",
  inSession: true,
  ...over,
});

// A scripted operator: answers from `answer`, or throws what `fail` says.
function fakeAdapter(
  answer: (iccids: readonly string[], window: SyncWindow) => ReadResult | Promise<ReadResult>,
  capabilities: Capability[] = ["statusSync", "sessionState", "usageRecords"],
): OperatorAdapter & { windows: SyncWindow[]; maxBatch: number } {
  const windows: SyncWindow[] = [];
  return {
    driver: "simulator",
    capabilities: new Set(capabilities),
    maxBatch: 2,
    windows,
    testConnection: async () => ({ detail: "ok" }),
    readSims: async (iccids, window) => {
      windows.push(window);
      return answer(iccids, window);
    },
    requestOperation: async () => ({ operationId: "x" }),
    operationResult: async () => ({ state: "succeeded" }),
  };
}

const reportAll = (iccids: readonly string[]): ReadResult => ({ reports: iccids.map((i) => line(i)), usage: [], failures: [] });

beforeEach(async () => {
  await db().execute(sql`TRUNCATE operators, sims, usage_records, allowance_ledger, sim_status_history, sync_runs, operator_sync_state, operator_usage_counters CASCADE`);
  const [op] = await db().insert(operators).values({ name: "Test Op", countryCode: "GB", currency: "GBP", driver: "simulator" }).returning();
  if (!op) throw new Error("no operator");
  operatorId = op.id;
});

describe("usage ingestion", () => {
  it("records each operator record once, debits prepaid allowance and adds to this month", async () => {
    const sim = await addSim({ status: "active", simType: "prepaid", dataLeftBytes: 100 * MB, monthUsageBytes: 5 * MB, monthUsagePeriod: "2026-03-01" });
    const result: ReadResult = {
      reports: [line(sim.iccid)],
      usage: [
        { kind: "record", iccid: sim.iccid, recordId: "r1", startedAt: new Date("2026-03-10T11:00:00Z"), bytes: 3 * MB, mccMnc: "23415" },
        { kind: "record", iccid: sim.iccid, recordId: "r2", startedAt: new Date("2026-03-10T11:05:00Z"), bytes: 2 * MB, mccMnc: "20801" },
      ],
      failures: [],
    };
    const input = { operatorId, simIds: [sim.id], result, sessionCapable: true, now: NOW };
    // Two overlapping runs delivering the same records, then a replay: counted once.
    const both = await Promise.all([ingestBatch(db(), input), ingestBatch(db(), input)]);
    expect(both.map((c) => c.usageRecords).sort()).toEqual([0, 2]);
    expect((await ingestBatch(db(), input)).usageRecords).toBe(0);

    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.dataLeftBytes).toBe(95 * MB);
    expect(after?.monthUsageBytes).toBe(10 * MB);
    expect(after?.inSession).toBe(true);
    const records = await db().select().from(usageRecords).where(eq(usageRecords.simId, sim.id));
    expect(records.map((r) => r.countryCode).sort()).toEqual(["FR", "GB"]);
    const debits = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id));
    expect(debits.map((d) => [d.kind, d.bytes])).toEqual([["debit", 5 * MB]]);
  });

  it("starts a new month at zero and counts only this month's records in it", async () => {
    const sim = await addSim({ status: "active", simType: "subscription", monthUsageBytes: 70 * MB, monthUsagePeriod: "2026-02-01" });
    const result: ReadResult = {
      reports: [line(sim.iccid)],
      usage: [
        { kind: "record", iccid: sim.iccid, recordId: "late", startedAt: new Date("2026-02-28T23:50:00Z"), bytes: 4 * MB, mccMnc: null },
        { kind: "record", iccid: sim.iccid, recordId: "now", startedAt: new Date("2026-03-01T00:10:00Z"), bytes: 1 * MB, mccMnc: null },
      ],
      failures: [],
    };
    await ingestBatch(db(), { operatorId, simIds: [sim.id], result, sessionCapable: true, now: NOW });
    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.monthUsagePeriod).toBe("2026-03-01");
    expect(after?.monthUsageBytes).toBe(1 * MB);
  });

  it("counts cycle-to-date totals by their growth, even when two runs overlap", async () => {
    const sim = await addSim({ status: "active", simType: "subscription" });
    const total = (bytes: number, minute: number): ReadResult => ({
      reports: [line(sim.iccid)],
      usage: [{ kind: "cycleTotal", iccid: sim.iccid, cycleStart: "2026-03-01", totalBytes: bytes, observedAt: new Date(NOW.getTime() + minute * 60_000), mccMnc: null }],
      failures: [],
    });
    const ingest = (bytes: number, minute: number) =>
      ingestBatch(db(), { operatorId, simIds: [sim.id], result: total(bytes, minute), sessionCapable: true, now: NOW });
    // Readings taken at minutes 1, 3, 3 and 2 by overlapping runs, written in any order.
    await Promise.all([ingest(100 * MB, 1), ingest(150 * MB, 3), ingest(150 * MB, 3), ingest(120 * MB, 2)]);
    await ingest(150 * MB, 3);
    const [sum] = await db().select({ bytes: sql<string>`sum(${usageRecords.bytes})` }).from(usageRecords).where(eq(usageRecords.simId, sim.id));
    expect(Number(sum?.bytes)).toBe(150 * MB);
    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.monthUsageBytes).toBe(150 * MB);
  });
});

describe("status from the operator", () => {
  it("turns an Activation ready SIM Active on its first usage, with history", async () => {
    const sim = await addSim({ status: "activation_ready", statusReason: "operator" });
    const result: ReadResult = {
      reports: [line(sim.iccid)],
      usage: [{ kind: "record", iccid: sim.iccid, recordId: "first", startedAt: NOW, bytes: MB, mccMnc: "23415" }],
      failures: [],
    };
    expect((await ingestBatch(db(), { operatorId, simIds: [sim.id], result, sessionCapable: true, now: NOW })).statusChanges).toBe(1);
    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.status).toBe("active");
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, sim.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.actorKind])).toEqual([["activation_ready", "active", "operator", "operator"]]);
  });

  it("makes a SIM the operator fails for Invalid with the reason, and Blank without a line", async () => {
    const unknown = await addSim({ status: "active", statusReason: "operator" });
    const lineless = await addSim({ status: "pending", msisdn: "447700900009" });
    const result: ReadResult = {
      reports: [line(lineless.iccid, { msisdn: null })],
      usage: [],
      failures: [{ iccid: unknown.iccid, code: "unknown_sim", detail: "no such device" }],
    };
    const counts = await ingestBatch(db(), { operatorId, simIds: [unknown.id, lineless.id], result, sessionCapable: true, now: NOW });
    expect(counts).toMatchObject({ statusChanges: 2, simFailures: 1 });
    const rows = await db().select().from(sims).orderBy(sims.id);
    expect(rows.map((r) => [r.status, r.statusDetail, r.msisdn])).toEqual([
      ["invalid", "The operator does not know this SIM: no such device", null],
      ["blank", "The operator reports no line (MSISDN) for this SIM: swap it", null],
    ]);
  });

  it("rewrites nothing for a SIM the operator reports unchanged, and dates a session change", async () => {
    const sim = await addSim({ status: "active", statusReason: "operator", inSession: false, msisdn: "447700900001", imsi: "234150000000001", monthUsagePeriod: "2026-03-01" });
    const ingest = (at: Date, inSession: boolean) =>
      ingestBatch(db(), { operatorId, simIds: [sim.id], result: { reports: [line(sim.iccid, { inSession })], usage: [], failures: [] }, sessionCapable: true, now: at });
    await ingest(NOW, false);
    const [unchanged] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(unchanged?.updatedAt.getTime()).toBe(sim.updatedAt.getTime());
    const later = new Date(NOW.getTime() + 60_000);
    await ingest(later, true);
    const [attached] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(attached).toMatchObject({ inSession: true, sessionUpdatedAt: later });
  });

  it("leaves the SIMs alone when the operator's integration was removed during the run", async () => {
    const sim = await addSim({ status: "not_available" });
    await db().update(operators).set({ driver: "none" }).where(eq(operators.id, operatorId));
    const counts = await ingestBatch(db(), { operatorId, simIds: [sim.id], result: reportAll([sim.iccid]), sessionCapable: true, now: NOW });
    expect(counts.statusChanges).toBe(0);
    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.status).toBe("not_available");
  });

  it("shows N/A in session when the driver cannot tell", async () => {
    const sim = await addSim({ status: "active", inSession: true });
    await ingestBatch(db(), { operatorId, simIds: [sim.id], result: reportAll([sim.iccid]), sessionCapable: false, now: NOW });
    const [after] = await db().select().from(sims).where(eq(sims.id, sim.id));
    expect(after?.inSession).toBeNull();
  });
});

describe("sync runs", () => {
  it("reads every SIM of the operator in batches, records the run and moves the cursor", async () => {
    for (let i = 0; i < 5; i++) await addSim();
    const adapter = fakeAdapter(reportAll);
    const outcome = await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter });
    expect(outcome).toMatchObject({ outcome: "succeeded", counts: { sims: 5, statusChanges: 5 } });
    expect(adapter.windows.every((w) => w.since === null && w.until.getTime() === NOW.getTime())).toBe(true);
    const [state] = await db().select().from(operatorSyncState);
    expect(state?.syncedUntil?.getTime()).toBe(NOW.getTime());
    const [run] = await db().select().from(syncRuns);
    expect(run).toMatchObject({ job: "sync-operators", outcome: "succeeded", counts: { sims: 5 } });

    const later = new Date(NOW.getTime() + 60_000);
    const next = fakeAdapter(reportAll);
    await syncOperator(await operatorRow(), { db: db(), now: () => later, adapter: next });
    expect(next.windows[0]?.since?.getTime()).toBe(NOW.getTime());
  });

  it("leaves a SIM retired by a swap out of the sync: it keeps its status and its reason", async () => {
    const retired = await addSim({ status: "blank", statusDetail: "Retired: replaced by 8944", retiredAt: NOW });
    const live = await addSim();
    const asked: string[] = [];
    const adapter = fakeAdapter((iccids) => (asked.push(...iccids), reportAll(iccids)));
    await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter });
    expect(asked).toEqual([live.iccid]);
    const [after] = await db().select().from(sims).where(eq(sims.id, retired.id));
    expect(after).toMatchObject({ status: "blank", statusDetail: "Retired: replaced by 8944" });
  });

  it("lets only one of two overlapping runs sync an operator", async () => {
    const sim = await addSim({ status: "active" });
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = fakeAdapter(async (iccids) => {
      entered();
      await gate;
      return {
        reports: iccids.map((i) => line(i)),
        usage: [{ kind: "record", iccid: sim.iccid, recordId: "once", startedAt: NOW, bytes: MB, mccMnc: null }],
        failures: [],
      };
    });
    const first = syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter: slow });
    // The first run holds the lease once it is asking the operator.
    await inside;
    const second = await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter: slow });
    release();
    expect(second).toMatchObject({ outcome: "skipped", error: "Another sync of this operator is running" });
    expect((await first).outcome).toBe("succeeded");
    expect(await db().$count(usageRecords)).toBe(1);
  });

  it("keeps the cursor after a failure and pauses the operator after repeated failures", async () => {
    await addSim();
    const failing = fakeAdapter(() => {
      throw new OperatorError("server", "HTTP 503");
    });
    for (let i = 0; i < CIRCUIT_THRESHOLD; i++) {
      const outcome = await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter: failing });
      expect(outcome).toMatchObject({ outcome: "failed", error: "server: HTTP 503" });
    }
    const [state] = await db().select().from(operatorSyncState);
    expect(state).toMatchObject({ syncedUntil: null, consecutiveFailures: CIRCUIT_THRESHOLD, lastError: "server: HTTP 503" });
    expect(state?.circuitOpenUntil?.getTime()).toBe(NOW.getTime() + 60_000);

    const healthy = fakeAdapter(reportAll);
    const paused = await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter: healthy });
    expect(paused.outcome).toBe("skipped");
    expect(healthy.windows).toHaveLength(0);
    const later = new Date(NOW.getTime() + 61_000);
    expect((await syncOperator(await operatorRow(), { db: db(), now: () => later, adapter: healthy })).outcome).toBe("succeeded");
    const [recovered] = await db().select().from(operatorSyncState);
    expect(recovered).toMatchObject({ consecutiveFailures: 0, circuitOpenUntil: null });
  });
});

describe("long passes and broken runs", () => {
  it("resumes a pass where a run's time budget stopped it, with the same window, and only then moves the cursor", async () => {
    for (let i = 0; i < 1500; i++) await db().insert(sims).values({ iccid: `8944000000001${String(i).padStart(6, "0")}`, formFactor: "physical", operatorId, status: "pending" });
    let clock = NOW.getTime();
    const seen: string[] = [];
    const adapter = fakeAdapter((iccids) => {
      seen.push(...iccids);
      clock += 1_000; // each chunk of 2 takes a second
      return reportAll(iccids);
    });
    const first = await syncOperator(await operatorRow(), { db: db(), now: () => new Date(clock), adapter, budgetMs: 100_000, parallelBatches: 1 });
    expect(first.outcome).toBe("partial");
    expect(first.counts.sims).toBe(1000);
    const [mid] = await db().select().from(operatorSyncState);
    expect(mid).toMatchObject({ syncedUntil: null, passUntil: NOW, resumeAfter: seen[999] });

    const second = await syncOperator(await operatorRow(), { db: db(), now: () => new Date(clock), adapter, budgetMs: 10_000_000 });
    expect(second).toMatchObject({ outcome: "succeeded", counts: { sims: 500 } });
    expect(new Set(seen).size).toBe(1500);
    expect(seen).toHaveLength(1500);
    expect(adapter.windows.every((w) => w.until.getTime() === NOW.getTime())).toBe(true);
    const [done] = await db().select().from(operatorSyncState);
    expect(done).toMatchObject({ syncedUntil: NOW, passUntil: null, resumeAfter: null });
  });

  it("marks a run that died holding the lease as stopped when the next run takes over", async () => {
    await addSim();
    const [dead] = await db().insert(syncRuns).values({ job: "sync-operators", operatorId, startedAt: NOW, outcome: "running" }).returning();
    await db().insert(operatorSyncState).values({ operatorId, leaseToken: "00000000-0000-4000-8000-000000000001", leaseUntil: new Date(NOW.getTime() + LEASE_MS) });
    const later = new Date(NOW.getTime() + LEASE_MS + 1);
    expect((await syncOperator(await operatorRow(), { db: db(), now: () => later, adapter: fakeAdapter(reportAll) })).outcome).toBe("succeeded");
    const [after] = await db().select().from(syncRuns).where(eq(syncRuns.id, dead?.id ?? 0));
    expect(after).toMatchObject({ outcome: "failed", error: "Stopped without finishing (the process ended or lost its lease)" });
  });

  it("fails the run instead of making SIMs Invalid when most of a chunk fails at once", async () => {
    const a = await addSim({ status: "active", statusReason: "operator" });
    const b = await addSim({ status: "active", statusReason: "operator" });
    const failing = fakeAdapter((iccids) => ({
      reports: [],
      usage: [],
      failures: iccids.map((iccid) => ({ iccid, code: "invalid_payload" as const, detail: "not JSON" })),
    }));
    // Three SIMs in one chunk, all failing: more than two and more than a fifth.
    const c = await addSim({ status: "active", statusReason: "operator" });
    failing.maxBatch = 3;
    const outcome = await syncOperator(await operatorRow(), { db: db(), now: () => NOW, adapter: failing });
    expect(outcome.outcome).toBe("failed");
    expect(outcome.error).toMatch(/3 of 3 SIMs failed at once/);
    const statuses = await db().select({ status: sims.status }).from(sims);
    expect(statuses.map((r) => r.status)).toEqual(["active", "active", "active"]);
    expect([a, b, c]).toHaveLength(3);
  });

  it("records a run whose driver refuses its configuration", async () => {
    await db().update(operators).set({ driver: "cisco_control_center", settings: {} }).where(eq(operators.id, operatorId));
    const outcome = await syncOperator(await operatorRow(), { db: db(), now: () => NOW });
    expect(outcome.outcome).toBe("failed");
    expect(outcome.error).toMatch(/^Configuration: [^]*baseUrl: is required/);
    const [run] = await db().select().from(syncRuns);
    expect(run).toMatchObject({ outcome: "failed", error: outcome.error });
  });
});

describe("the sync-operators job", () => {
  it("syncs every integrated operator through its driver; one failing never stops the others", async () => {
    process.env.OPERATOR_SECRETS_KEY = randomBytes(32).toString("base64");
    resetEnvForTests();
    const quiet = { failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 }, latencyMs: 0 };
    await db().update(operators).set({ settings: quiet }).where(eq(operators.id, operatorId));
    await addSim({ status: "pending", msisdn: "447700900001" });
    const [broken] = await db()
      .insert(operators)
      .values({
        name: "Broken CC",
        countryCode: "US",
        currency: "USD",
        driver: "cisco_control_center",
        // Nothing listens on port 9 of the loopback: every call fails at once, and is not retried.
        settings: { baseUrl: "http://127.0.0.1:9", requestsPerSecond: 0, maxAttempts: 1 },
        encryptedCredentials: encryptCredentials({ username: "u", apiKey: "k" }),
      })
      .returning();
    if (!broken) throw new Error("no operator");
    await db().insert(sims).values({ iccid: "8901260882000000017", formFactor: "physical", operatorId: broken.id, status: "active" });
    await db().insert(operators).values({ name: "Not integrated", countryCode: "IL", currency: "ILS", driver: "none" });

    const outcomes = await syncAllOperators({ db: db(), now: () => NOW });
    expect(outcomes.map((o) => [o.operator, o.outcome])).toEqual([
      ["Broken CC", "failed"],
      ["Test Op", "succeeded"],
    ]);
    expect(outcomes[0]?.error).toMatch(/^network: /);
    const [synced] = await db().select().from(sims).where(eq(sims.operatorId, operatorId));
    expect(synced?.status).toBe("activation_ready");

    // Scheduled on its own (?operator=<id>): only that operator is synced.
    const one = await syncAllOperators({ db: db(), now: () => NOW, operatorIds: [broken.id] });
    expect(one.map((o) => o.operator)).toEqual(["Broken CC"]);
  });
});
