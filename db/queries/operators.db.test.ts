import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operatorSyncState, operators, simStatusHistory, sims, syncRuns, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { decryptCredentials, encryptCredentials } from "@/operators/secrets";
import { AWAITING_SYNC_DETAIL, NO_INTEGRATION_DETAIL, updateOperatorSettings } from "./operator-settings";
import { findOperatorDetail, listOperatorsOverview, listSyncRuns, testOperatorConnection, type OperatorsViewer } from "./operators";

const db = () => getDb();
const KEY = randomBytes(32).toString("base64");
const NOW = new Date("2026-03-10T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
// A simulator that never injects a fault, so a connection test is deterministic.
const CALM_SIMULATOR = { latencyMs: 0, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };

let staff: OperatorsViewer;
let companyAdmin: OperatorsViewer;
let n = 0;

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Acme" }).returning();
  if (!company) throw new Error("fixture");
  const [s, a] = await db()
    .insert(users)
    .values([
      { email: "staff@test.example", role: "staff" },
      { email: "admin@test.example", role: "company_admin", companyId: company.id },
    ])
    .returning();
  if (!s || !a) throw new Error("fixture");
  staff = { userId: s.id, role: s.role };
  companyAdmin = { userId: a.id, role: a.role };
});

async function addOperator(over: Partial<typeof operators.$inferInsert> = {}) {
  n += 1;
  const [row] = await db()
    .insert(operators)
    .values({ name: `Operator ${n}`, countryCode: "GB", currency: "GBP", driver: "none", ...over })
    .returning();
  if (!row) throw new Error("fixture");
  return row;
}

async function addSims(operatorId: string, statuses: (typeof sims.$inferInsert)["status"][]) {
  return db()
    .insert(sims)
    .values(statuses.map((status) => ({ iccid: `8944${String((n += 1)).padStart(15, "0")}`, formFactor: "physical" as const, operatorId, status })))
    .returning();
}

async function operatorRow(id: string) {
  const [row] = await db().select().from(operators).where(eq(operators.id, id));
  if (!row) throw new Error("no operator");
  return row;
}

const auditOf = (id: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "operator"), eq(auditLog.targetId, id)))
    .orderBy(asc(auditLog.id));

// What the form sends when staff only touch some fields: everything else as it is stored.
function form(row: typeof operators.$inferSelect, over: Record<string, string> = {}): Record<string, string> {
  return {
    driver: row.driver,
    settings: JSON.stringify(row.settings),
    dormancyDays: row.dormancyDays === null ? "" : String(row.dormancyDays),
    contractNotes: row.contractNotes ?? "",
    username: "",
    apiKey: "",
    ...over,
  };
}

describe("operators overview", () => {
  it("returns each operator's integration, SIM counts, health and last run without its secrets", async () => {
    const stored = encryptCredentials({ username: "u", apiKey: "k" }, KEY);
    const sim = await addOperator({ name: "Sim Op", driver: "simulator", settings: CALM_SIMULATOR });
    const plain = await addOperator({ name: "Plain Op", driver: "none", encryptedCredentials: stored });
    const cisco = await addOperator({ name: "Cisco Op", driver: "cisco_control_center", settings: {} });
    await addSims(sim.id, ["active", "active", "active", "pending"]);
    await addSims(plain.id, ["not_available", "not_available"]);
    await db().insert(operatorSyncState).values({
      operatorId: sim.id,
      lastSuccessAt: minutes(-30),
      lastErrorAt: minutes(-2),
      lastError: "timeout: No answer within 10000 ms",
      consecutiveFailures: 3,
      circuitOpenUntil: minutes(1),
    });
    const counts = { sims: 4, statusChanges: 1, usageRecords: 7, usageBytes: 12_000_000, simFailures: 1 };
    await db()
      .insert(syncRuns)
      .values([
        { job: "sync-operators", operatorId: sim.id, startedAt: minutes(-31), finishedAt: minutes(-30), outcome: "succeeded", counts },
        { job: "sync-operators", operatorId: sim.id, startedAt: minutes(-3), finishedAt: minutes(-2), outcome: "failed", counts, error: "timeout: No answer" },
        { job: "sync-operators", operatorId: sim.id, startedAt: minutes(-10), finishedAt: minutes(-9), outcome: "succeeded", counts },
      ]);

    const list = await listOperatorsOverview(staff);
    const byName = new Map(list.map((o) => [o.name, o]));
    const s = byName.get("Sim Op");
    expect(s?.sims).toEqual({ total: 4, byStatus: { active: 3, pending: 1 } });
    expect(s?.integration).toEqual({ kind: "ready", capabilities: expect.arrayContaining(["statusSync", "sessionState", "usageRecords"]) });
    expect(s?.health).toEqual({
      lastSuccessAt: minutes(-30),
      lastErrorAt: minutes(-2),
      lastError: "timeout: No answer within 10000 ms",
      consecutiveFailures: 3,
      circuitOpenUntil: minutes(1),
      leaseUntil: null,
    });
    expect(s?.lastRun).toMatchObject({ operatorName: "Sim Op", startedAt: minutes(-3), outcome: "failed", counts, error: "timeout: No answer" });

    const p = byName.get("Plain Op");
    expect(p).toMatchObject({ driver: "none", credentialsStored: true, integration: { kind: "none" }, lastRun: null });
    expect(p?.sims).toEqual({ total: 2, byStatus: { not_available: 2 } });
    expect(p?.health.consecutiveFailures).toBe(0);
    expect(byName.get("Cisco Op")?.integration).toMatchObject({ kind: "misconfigured", message: expect.stringMatching(/baseUrl/) });
    expect(byName.get("Cisco Op")?.sims.total).toBe(0);
    expect(JSON.stringify(list)).not.toContain(stored);
    expect(JSON.stringify(list)).not.toContain("encryptedCredentials");

    const runs = await listSyncRuns(staff, { limit: 2 });
    expect(runs.map((r) => r.startedAt)).toEqual([minutes(-3), minutes(-10)]);
    const detail = await findOperatorDetail(staff, sim.id);
    expect(detail?.runs.map((r) => r.startedAt)).toEqual([minutes(-3), minutes(-10), minutes(-31)]);
    expect(detail?.settings).toEqual(CALM_SIMULATOR);
    expect(JSON.stringify(await findOperatorDetail(staff, plain.id))).not.toContain(stored);
    expect(cisco.id).toBeTruthy();
  });

  it("answers an unknown or malformed id with nothing", async () => {
    expect(await findOperatorDetail(staff, randomUUID())).toBeNull();
    expect(await findOperatorDetail(staff, "../etc")).toBeNull();
  });

  it("tests a connection through the driver, reporting configuration problems and writing nothing", async () => {
    const sim = await addOperator({ driver: "simulator", settings: CALM_SIMULATOR });
    const result = await testOperatorConnection(staff, sim.id);
    expect(result).toMatchObject({ ok: true, detail: expect.stringContaining(sim.name) });
    expect(await testOperatorConnection(staff, (await addOperator()).id)).toMatchObject({ ok: false, kind: "no_integration" });
    const cisco = await addOperator({ driver: "cisco_control_center", settings: { baseUrl: "https://cc.example" } });
    expect(await testOperatorConnection(staff, cisco.id)).toMatchObject({ ok: false, kind: "configuration", message: expect.stringMatching(/username/) });
    expect(await operatorRow(sim.id)).toEqual(sim);
    expect(await db().select().from(syncRuns).where(eq(syncRuns.operatorId, sim.id))).toEqual([]);
    await expect(testOperatorConnection(staff, randomUUID())).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("editing an operator's integration", () => {
  it("encrypts credentials, keeps them when left empty, merges one field, clears them on request", async () => {
    const op = await addOperator();
    const saved = await updateOperatorSettings(staff, op.id, form(op, { username: "api-user", apiKey: "s3cr3t-key" }), { secretsKey: KEY });
    expect(saved).toEqual({ ok: true, changed: true, simStatusChanges: 0 });
    const stored = (await operatorRow(op.id)).encryptedCredentials;
    expect(stored).toBeTruthy();
    expect(stored).not.toContain("s3cr3t");
    expect(decryptCredentials(stored ?? "", KEY)).toEqual({ username: "api-user", apiKey: "s3cr3t-key" });

    // Empty fields keep what is stored, even while other fields change.
    await updateOperatorSettings(staff, op.id, form(op, { contractNotes: "Renewed" }), { secretsKey: KEY });
    const kept = await operatorRow(op.id);
    expect(kept.contractNotes).toBe("Renewed");
    expect(kept.encryptedCredentials).toBe(stored);

    // One field typed in replaces that field only.
    await updateOperatorSettings(staff, op.id, form(kept, { apiKey: "rotated-key" }), { secretsKey: KEY });
    expect(decryptCredentials((await operatorRow(op.id)).encryptedCredentials ?? "", KEY)).toEqual({ username: "api-user", apiKey: "rotated-key" });

    const both = await updateOperatorSettings(staff, op.id, form(kept, { clearCredentials: "on", apiKey: "x" }), { secretsKey: KEY });
    expect(both).toMatchObject({ ok: false, fieldErrors: { clearCredentials: expect.any(String) } });
    expect((await operatorRow(op.id)).encryptedCredentials).not.toBeNull();

    await updateOperatorSettings(staff, op.id, form(kept, { clearCredentials: "on" }), { secretsKey: KEY });
    expect((await operatorRow(op.id)).encryptedCredentials).toBeNull();

    const audit = await auditOf(op.id);
    expect(audit.map((a) => (a.after as { credentialsChanged: boolean }).credentialsChanged)).toEqual([true, false, true, true]);
    expect(audit.every((a) => a.action === "operator.update" && a.actorKind === "user" && a.actorUserId === staff.userId)).toBe(true);
    expect(audit[3]?.before).toMatchObject({ credentialsStored: true });
    expect(audit[3]?.after).toMatchObject({ credentialsStored: false });
    const everything = JSON.stringify(audit);
    for (const secret of ["s3cr3t-key", "rotated-key", "api-user", stored ?? "-"]) expect(everything).not.toContain(secret);
  });

  it("refuses bad input field by field and changes nothing", async () => {
    const op = await addOperator({ driver: "simulator", settings: { seed: 1 }, dormancyDays: 30, contractNotes: "Original" });
    const cases: [Record<string, string>, string][] = [
      [{ settings: "[1, 2]" }, "settings"],
      // Without a driver nothing else would refuse it.
      [{ driver: "none", settings: "[1, 2]" }, "settings"],
      [{ driver: "none", settings: "null" }, "settings"],
      [{ settings: '"text"' }, "settings"],
      [{ settings: "{not json" }, "settings"],
      [{ dormancyDays: "-1" }, "dormancyDays"],
      [{ dormancyDays: "1.5" }, "dormancyDays"],
      [{ driver: "telnet" }, "driver"],
      // Valid JSON the simulator itself refuses: checked by building the driver.
      [{ settings: JSON.stringify({ failureRates: { timeout: 5 } }) }, "settings"],
    ];
    for (const [over, field] of cases) {
      const result = await updateOperatorSettings(staff, op.id, form(op, { contractNotes: "Changed", ...over }), { secretsKey: KEY });
      expect(result, JSON.stringify(over)).toMatchObject({ ok: false, fieldErrors: { [field]: expect.any(String) } });
    }
    expect(await operatorRow(op.id)).toEqual(op);
    expect(await auditOf(op.id)).toEqual([]);
  });

  it("changes nothing and says why when OPERATOR_SECRETS_KEY is missing", async () => {
    const op = await addOperator({ contractNotes: "Original" });
    const result = await updateOperatorSettings(staff, op.id, form(op, { contractNotes: "Changed", apiKey: "k" }), { secretsKey: "" });
    expect(result).toMatchObject({ ok: false, formError: expect.stringMatching(/OPERATOR_SECRETS_KEY/) });
    expect(await operatorRow(op.id)).toEqual(op);
    expect(await auditOf(op.id)).toEqual([]);
  });

  it("makes every SIM Not available when the integration is removed, with history and one audit entry", async () => {
    const op = await addOperator({ driver: "simulator", settings: { seed: 7 } });
    const [active, suspended, pending, already] = await addSims(op.id, ["active", "suspended", "pending", "not_available"]);
    const other = await addOperator({ driver: "simulator" });
    const [untouched] = await addSims(other.id, ["active"]);

    const result = await updateOperatorSettings(staff, op.id, form(op, { driver: "none" }), { now: NOW });
    expect(result).toEqual({ ok: true, changed: true, simStatusChanges: 3 });

    const rows = await db().select().from(sims).where(eq(sims.operatorId, op.id)).orderBy(asc(sims.id));
    expect(rows.map((r) => r.status)).toEqual(["not_available", "not_available", "not_available", "not_available"]);
    for (const row of rows.filter((r) => r.id !== already?.id)) {
      expect(row).toMatchObject({ statusReason: "system", statusDetail: NO_INTEGRATION_DETAIL, statusChangedAt: NOW });
    }
    const history = await db().select().from(simStatusHistory).orderBy(asc(simStatusHistory.simId));
    const mine = history.filter((h) => rows.some((r) => r.id === h.simId));
    expect(mine.map((h) => [h.simId, h.fromStatus, h.toStatus, h.reason, h.detail, h.actorKind, h.actorUserId])).toEqual([
      [active?.id, "active", "not_available", "system", NO_INTEGRATION_DETAIL, "user", staff.userId],
      [suspended?.id, "suspended", "not_available", "system", NO_INTEGRATION_DETAIL, "user", staff.userId],
      [pending?.id, "pending", "not_available", "system", NO_INTEGRATION_DETAIL, "user", staff.userId],
    ]);
    expect((await db().select().from(sims).where(eq(sims.id, untouched?.id ?? 0)))[0]?.status).toBe("active");

    const audit = await auditOf(op.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: "user",
      actorUserId: staff.userId,
      action: "operator.update",
      before: { driver: "simulator", settings: { seed: 7 }, credentialsStored: false },
      after: { driver: "none", settings: { seed: 7 }, credentialsChanged: false, simStatusChanges: 3 },
    });
    // The trigger-kept counters follow, so the overview agrees.
    const overview = (await listOperatorsOverview(staff)).find((o) => o.id === op.id);
    expect(overview?.sims).toEqual({ total: 4, byStatus: { not_available: 4 } });
  });

  it("puts Not available SIMs back to Pending when an integration is added", async () => {
    const op = await addOperator({ driver: "none" });
    const [a, b] = await addSims(op.id, ["not_available", "not_available"]);
    const result = await updateOperatorSettings(staff, op.id, form(op, { driver: "simulator" }), { now: NOW });
    expect(result).toEqual({ ok: true, changed: true, simStatusChanges: 2 });
    const rows = await db().select().from(sims).where(eq(sims.operatorId, op.id)).orderBy(asc(sims.id));
    expect(rows.map((r) => [r.id, r.status, r.statusReason, r.statusDetail])).toEqual([
      [a?.id, "pending", "system", AWAITING_SYNC_DETAIL],
      [b?.id, "pending", "system", AWAITING_SYNC_DETAIL],
    ]);
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, a?.id ?? 0));
    expect(history).toMatchObject([{ fromStatus: "not_available", toStatus: "pending", actorKind: "user", actorUserId: staff.userId }]);
    expect((await operatorRow(op.id)).driver).toBe("simulator");

    // Saving the same values again is not a change: no audit entry, no status change.
    const again = await updateOperatorSettings(staff, op.id, form(await operatorRow(op.id)), { now: NOW });
    expect(again).toEqual({ ok: true, changed: false, simStatusChanges: 0 });
    expect(await auditOf(op.id)).toHaveLength(1);
  });

  it("reopens a paused operator when its integration changes, and starts a fresh cursor with another driver", async () => {
    const op = await addOperator({ driver: "simulator", settings: CALM_SIMULATOR });
    await db().insert(operatorSyncState).values({ operatorId: op.id, syncedUntil: NOW, consecutiveFailures: 4, circuitOpenUntil: minutes(30) });
    await updateOperatorSettings(staff, op.id, form(op, { settings: JSON.stringify({ ...CALM_SIMULATOR, latencyMs: 1 }) }), { now: NOW });
    const [kept] = await db().select().from(operatorSyncState).where(eq(operatorSyncState.operatorId, op.id));
    expect(kept).toMatchObject({ consecutiveFailures: 0, circuitOpenUntil: null, syncedUntil: NOW });

    await updateOperatorSettings(staff, op.id, form(await operatorRow(op.id), { driver: "none" }), { now: NOW });
    const [fresh] = await db().select().from(operatorSyncState).where(eq(operatorSyncState.operatorId, op.id));
    expect(fresh?.syncedUntil).toBeNull();
  });

  it("refuses anyone but staff", async () => {
    const op = await addOperator({ driver: "simulator", contractNotes: "Original" });
    await addSims(op.id, ["active"]);
    const refused = { code: "forbidden" };
    await expect(listOperatorsOverview(companyAdmin)).rejects.toBeInstanceOf(AppError);
    await expect(listOperatorsOverview(companyAdmin)).rejects.toMatchObject(refused);
    await expect(findOperatorDetail(companyAdmin, op.id)).rejects.toMatchObject(refused);
    await expect(listSyncRuns(companyAdmin, { limit: 10 })).rejects.toMatchObject(refused);
    await expect(testOperatorConnection(companyAdmin, op.id)).rejects.toMatchObject(refused);
    await expect(updateOperatorSettings(companyAdmin, op.id, form(op, { driver: "none", contractNotes: "Hacked" }))).rejects.toMatchObject(refused);
    await expect(updateOperatorSettings({ userId: staff.userId, role: "end_user" }, op.id, form(op, { driver: "none" }))).rejects.toMatchObject(refused);
    expect(await operatorRow(op.id)).toEqual(op);
    expect((await db().select().from(sims).where(eq(sims.operatorId, op.id)))[0]?.status).toBe("active");
    expect(await auditOf(op.id)).toEqual([]);
  });
});
