import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { runSimOperations } from "@/lib/sims/operations-job";
import { statusAfterObservation } from "@/operators/sync-status";
import { enforcePrepaidLimits } from "./prepaid-limits";

const T0 = new Date("2026-03-10T12:00:00Z");
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };
const GB = 1_000_000_000;

let acme = "";
let simulator = "";
let noIntegration = "";
let n = 0;

async function addSim(over: Partial<typeof sims.$inferInsert>) {
  n += 1;
  const [row] = await db()
    .insert(sims)
    .values({
      iccid: `89340700000000${String(20_000 + n)}`,
      formFactor: "physical",
      operatorId: simulator,
      status: "active",
      statusReason: "operator",
      companyId: acme,
      msisdn: `3460000${String(1000 + n)}`,
      simType: "prepaid",
      dataLeftBytes: GB,
      validUntil: seconds(86_400),
      lastUsageAt: T0,
      ...over,
    })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}
const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];

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
  noIntegration = none.id;
});

describe("the enforce-prepaid-limits job", () => {
  it("suspends through the operator a prepaid SIM with no data left or no days left, once, with the reason", async () => {
    const empty = await addSim({ dataLeftBytes: 0 });
    const expired = await addSim({ validUntil: seconds(-1) });
    const fine = await addSim({});
    const subscription = await addSim({ simType: "subscription", dataLeftBytes: null, validUntil: null });
    const alreadySuspended = await addSim({ status: "suspended", statusReason: "user", dataLeftBytes: 0 });

    expect(await enforcePrepaidLimits({ db: db(), now: () => T0 })).toEqual({ suspended: { throughOperator: 2, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });
    // A second run finds their operations open and leaves them alone.
    expect(await enforcePrepaidLimits({ db: db(), now: () => T0 })).toEqual({ suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });

    expect(await simRow(empty.id)).toMatchObject({ status: "pending", statusReason: "no_data", statusDetail: "No data left; suspending at the operator" });
    expect(await simRow(expired.id)).toMatchObject({ status: "pending", statusReason: "expiry" });
    for (const untouched of [fine, subscription, alreadySuspended]) expect((await simRow(untouched.id))?.status).toBe(untouched.status);
    const ops = await db().select().from(simOperations).where(inArray(simOperations.simId, [empty.id, expired.id]));
    expect(ops.map((op) => [op.reason, op.actorKind, op.requestedBy]).sort()).toEqual([
      ["expiry", "system", null],
      ["no_data", "system", null],
    ]);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, empty.iccid));
    expect(audit).toMatchObject({ action: "sim.suspend", actorKind: "system", actorUserId: null });

    // The operator carries it out; the SIM ends Suspended by the system for that reason.
    await runSimOperations({ db: db(), now: () => T0 });
    await runSimOperations({ db: db(), now: () => seconds(11) });
    const after = await simRow(empty.id);
    expect(after).toMatchObject({ status: "suspended", statusReason: "no_data", statusDetail: "No data left; suspended at the operator" });
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, empty.id));
    expect(history.map((h) => [h.toStatus, h.reason, h.actorKind])).toEqual([
      ["pending", "no_data", "system"],
      ["suspended", "no_data", "system"],
    ]);
    // The operator sync, seeing the line suspended or even active, keeps the system's suspension.
    const snapshot = { status: "suspended" as const, statusReason: "no_data" as const, statusDetail: after?.statusDetail ?? null, hasUsage: true };
    const report = { iccid: empty.iccid, state: "active" as const, msisdn: "34600001001", imsi: null, inSession: false };
    expect(statusAfterObservation(snapshot, { kind: "report", report })).toBeNull();
  });

  it("suspends in the portal a SIM whose integration cannot suspend, saying so", async () => {
    const paper = await addSim({ operatorId: noIntegration, dataLeftBytes: 0 });
    expect(await enforcePrepaidLimits({ db: db(), now: () => T0 })).toEqual({ suspended: { throughOperator: 0, inPortal: 1 }, resumed: { throughOperator: 0, inPortal: 0 } });
    expect(await simRow(paper.id)).toMatchObject({ status: "suspended", statusReason: "no_data" });
    expect((await simRow(paper.id))?.statusDetail).toMatch(/^No data left; suspended in the portal/);
    expect(await enforcePrepaidLimits({ db: db(), now: () => T0 })).toEqual({ suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } });
  });

  it("lifts a no-data or expiry suspension that nothing holds any more (data back, or the SIM left prepaid), and only those", async () => {
    const refilled = await addSim({ operatorId: noIntegration, status: "suspended", statusReason: "no_data", dataLeftBytes: GB });
    const movedOff = await addSim({ operatorId: noIntegration, status: "suspended", statusReason: "expiry", simType: "paygo", dataLeftBytes: null, validUntil: null });
    const stillEmpty = await addSim({ operatorId: noIntegration, status: "suspended", statusReason: "no_data", dataLeftBytes: 0 });
    const stillExpired = await addSim({ operatorId: noIntegration, status: "suspended", statusReason: "expiry", validUntil: T0 });
    const byUser = await addSim({ operatorId: noIntegration, status: "suspended", statusReason: "user" });
    expect(await enforcePrepaidLimits({ db: db(), now: () => T0 })).toEqual({ suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 2 } });
    expect(await simRow(refilled.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: "Data available again; resumed in the portal (the operator integration cannot resume)" });
    expect((await simRow(movedOff.id))?.status).toBe("active");
    for (const held of [stillEmpty, stillExpired, byUser]) expect((await simRow(held.id))?.status).toBe("suspended");
  });
});
