import { eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operators, simOperations, simStatusHistory, sims, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { ingestBatch } from "@/operators/ingest";
import { requestSimOperation, simOperationChange } from "./operations";
import { runSimOperations } from "./operations-job";
import { changeSims } from "./sim-change";

const T0 = new Date("2026-03-10T12:00:00Z");
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };

let acme = "";
let globex = "";
let operatorId = "";
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
let adminUserId = "";
const admin = (companyId: string): Viewer => ({ userId: adminUserId, email: "admin@acme.example", name: null, role: "company_admin", companyId, companyName: null });
const platform = { kind: "platform" as const };

async function addSim(iccid: string, over: Partial<typeof sims.$inferInsert> = {}) {
  const [row] = await db()
    .insert(sims)
    .values({ iccid, formFactor: "physical", operatorId, status: "active", statusReason: "operator", companyId: acme, msisdn: "34600000001", imsi: "214070000000001", lastUsageAt: T0, ...over })
    .returning();
  if (!row) throw new Error("no sim");
  return row;
}

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];

// The audit log is append-only (even TRUNCATE is refused), so fixtures are made once and every
// test uses SIMs of its own.
beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op] = await db().insert(operators).values({ name: "Sim Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET }).returning();
  if (!a || !g || !op) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  operatorId = op.id;
  const [s, ad] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
    ])
    .returning();
  if (!s || !ad) throw new Error("users");
  staff.userId = s.id;
  adminUserId = ad.id;
});

beforeEach(async () => {
  await db().update(operators).set({ driver: "simulator", settings: QUIET }).where(eq(operators.id, operatorId));
  // Operations other tests left open would be claimed by this test's job runs.
  await db().update(simOperations).set({ state: "failed" }).where(inArray(simOperations.state, ["queued", "requested"]));
});

const operationsOf = (simId: number) => db().select().from(simOperations).where(eq(simOperations.simId, simId));

describe("asking for an operation", () => {
  it("puts the SIM in Pending with the target, history and an audit entry", async () => {
    const sim = await addSim("8934070000000000001");
    await requestSimOperation(staff, platform, sim.iccid, "suspend", T0);
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "user", statusDetail: "Suspending at the operator" });
    const [op] = await operationsOf(sim.id);
    expect(op).toMatchObject({ kind: "suspend", state: "queued", previousStatus: "active", targetStatus: "suspended" });
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, sim.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorKind])).toEqual([["active", "pending", "user"]]);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, sim.iccid));
    expect(audit).toMatchObject({ action: "sim.suspend", targetId: sim.iccid, companyId: acme });
  });

  it("refuses another company's SIM as missing, an end user, an illegal move and a missing capability", async () => {
    const sim = await addSim("8934070000000000002");
    await expect(requestSimOperation(admin(globex), { kind: "company", companyId: globex }, sim.iccid, "suspend", T0)).rejects.toMatchObject({ code: "not_found" });
    const endUser: Viewer = { ...staff, role: "end_user" };
    await expect(requestSimOperation(endUser, { kind: "end_user", userId: "x" }, sim.iccid, "suspend", T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(requestSimOperation(staff, platform, sim.iccid, "resume", T0)).rejects.toThrow("Only a Suspended SIM can be resumed.");
    await db().update(operators).set({ driver: "none" }).where(eq(operators.id, operatorId));
    await expect(requestSimOperation(staff, platform, sim.iccid, "suspend", T0)).rejects.toThrow(/cannot suspend/);
    expect(await simRow(sim.id)).toMatchObject({ status: "active" });
    expect(await operationsOf(sim.id)).toHaveLength(0);
  });

  it("lets one of two concurrent requests win", async () => {
    const sim = await addSim("8934070000000000003");
    const results = await Promise.allSettled([
      requestSimOperation(staff, platform, sim.iccid, "suspend", T0),
      requestSimOperation(admin(acme), { kind: "company", companyId: acme }, sim.iccid, "suspend", T0),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason instanceof AppError && refused.reason.code).toBe("conflict");
    expect(await operationsOf(sim.id)).toHaveLength(1);
  });
});

describe("the run-operations job", () => {
  it("carries a suspension out through the operator and a resumption back", async () => {
    const sim = await addSim("8934070000000000004");
    await requestSimOperation(staff, platform, sim.iccid, "suspend", T0);
    expect(await runSimOperations({ db: db(), now: () => T0 })).toMatchObject({ claimed: 1, waiting: 1 });
    expect((await simRow(sim.id))?.status).toBe("pending");
    // Polled again before the operator is done, then after.
    expect(await runSimOperations({ db: db(), now: () => seconds(5) })).toMatchObject({ claimed: 1, waiting: 1 });
    expect(await runSimOperations({ db: db(), now: () => seconds(11) })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "user", statusDetail: "Suspended at the operator on request" });

    await requestSimOperation(staff, platform, sim.iccid, "resume", seconds(20));
    await runSimOperations({ db: db(), now: () => seconds(20) });
    await runSimOperations({ db: db(), now: () => seconds(31) });
    expect((await simRow(sim.id))?.status).toBe("active");
  });

  it("puts the SIM back where it was, with the reason, when the operator fails the operation", async () => {
    await db().update(operators).set({ settings: { ...QUIET, failureRates: { ...QUIET.failureRates, operation: 1 } } }).where(eq(operators.id, operatorId));
    const sim = await addSim("8934070000000000005");
    await requestSimOperation(staff, platform, sim.iccid, "suspend", T0);
    await runSimOperations({ db: db(), now: () => T0 });
    expect(await runSimOperations({ db: db(), now: () => seconds(11) })).toMatchObject({ failed: 1 });
    const after = await simRow(sim.id);
    expect(after).toMatchObject({ status: "active", statusReason: "operator" });
    expect(after?.statusDetail).toMatch(/^Suspending failed: /);
    const [op] = await operationsOf(sim.id);
    expect(op?.state).toBe("failed");
  });

  it("takes up an operation whose worker died, once its lock has expired", async () => {
    const sim = await addSim("8934070000000000006");
    await requestSimOperation(staff, platform, sim.iccid, "suspend", T0);
    // A worker claimed it and died before doing anything.
    await db().update(simOperations).set({ lockedUntil: seconds(120) }).where(eq(simOperations.simId, sim.id));
    expect(await runSimOperations({ db: db(), now: () => seconds(60) })).toMatchObject({ claimed: 0 });
    expect(await runSimOperations({ db: db(), now: () => seconds(121) })).toMatchObject({ claimed: 1, waiting: 1 });
    expect(await runSimOperations({ db: db(), now: () => seconds(140) })).toMatchObject({ succeeded: 1 });
    expect((await simRow(sim.id))?.status).toBe("suspended");
  });

  it("works every due operation in one run, batch after batch, not one batch a run", async () => {
    const many: (typeof sims.$inferSelect)[] = [];
    for (let i = 0; i < 120; i++) many.push(await addSim(`89340700000000${String(10_000 + i)}`));
    await getDb().transaction((tx) => changeSims({ tx, viewer: staff, scope: platform, at: T0 }, simOperationChange, { ids: many.map((s) => s.id) }, "suspend"));
    expect(await runSimOperations({ db: db(), now: () => T0, limit: 50 })).toMatchObject({ claimed: 120, waiting: 120 });
  });

  it("keeps the operator sync from changing a SIM while its operation runs", async () => {
    const sim = await addSim("8934070000000000007");
    await requestSimOperation(staff, platform, sim.iccid, "suspend", T0);
    const result = { reports: [{ iccid: sim.iccid, state: "active" as const, msisdn: "34600000001", imsi: null, inSession: true }], usage: [], failures: [] };
    const counts = await ingestBatch(db(), { operatorId, simIds: [sim.id], result, sessionCapable: true, now: T0 });
    expect(counts.statusChanges).toBe(0);
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", inSession: true });
  });
});
