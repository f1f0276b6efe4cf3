import { and, eq, inArray, like, or } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findSimDetail } from "@/db/queries/sim-detail";
import {
  allowanceLedger,
  auditLog,
  companies,
  labels,
  operators,
  plans,
  rules,
  simLabels,
  simOperations,
  simRules,
  simStatusHistory,
  sims,
  simulatorLines,
  users,
} from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { luhnCheckDigit } from "./luhn";
import { runSimOperations } from "./operations-job";
import { assignProductChange } from "./product";
import { changeOneSim } from "./sim-change";
import { canOfferSwap, requestSimSwap } from "./swap";

const T0 = new Date("2026-03-10T12:00:00Z");
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);
const VALID_UNTIL = new Date("2026-04-01T00:00:00Z");
const GB = 1_000_000_000;
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };

let acme = "";
let globex = "";
let operatorId = "";
let otherOperatorId = "";
let planId = "";
let endUserId = "";
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const admin: Viewer = { userId: "", email: "admin@acme.example", name: null, role: "company_admin", companyId: null, companyName: null };
const platform: Scope = { kind: "platform" };
const acmeScope = (): Scope => ({ kind: "company", companyId: acme });

let sequence = 0;
function nextIccid(): string {
  sequence += 1;
  const body = `893407${String(500_000 + sequence).padStart(12, "0")}`;
  return body + luhnCheckDigit(body);
}

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  const [row] = await db()
    .insert(sims)
    .values({ iccid: nextIccid(), formFactor: "physical", operatorId, status: "active", statusReason: "operator", companyId: acme, msisdn: `346${String(sequence).padStart(8, "0")}`, ...over })
    .returning();
  if (!row) throw new Error("no sim");
  return row;
}

// A spare card: Blank (no MSISDN), no product, in Acme's stock.
const addSpare = (over: Partial<typeof sims.$inferInsert> = {}) => addSim({ status: "blank", msisdn: null, imsi: `21407${String(sequence + 1).padStart(10, "0")}`, ...over });

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const operationsNaming = (id: number) => db().select().from(simOperations).where(or(eq(simOperations.simId, id), eq(simOperations.newSimId, id)));

async function ledgerLeft(simId: number): Promise<number> {
  const rows = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, simId));
  return rows.reduce((sum, r) => sum + (r.kind === "grant" ? r.bytes : -r.bytes), 0);
}

beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op, other] = await db()
    .insert(operators)
    .values([
      { name: "Swap Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET },
      { name: "Other Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET },
    ])
    .returning();
  if (!a || !g || !op || !other) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  operatorId = op.id;
  otherOperatorId = other.id;
  const [plan] = await db().insert(plans).values({ operatorId, type: "prepaid", currency: "EUR", priceMinor: 1000, dataBytes: 5 * GB, validityDays: 30 }).returning();
  const [s, ad, eu] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
      { email: "user@example.com", role: "end_user", companyId: acme },
    ])
    .returning();
  if (!plan || !s || !ad || !eu) throw new Error("users");
  planId = plan.id;
  staff.userId = s.id;
  admin.userId = ad.id;
  admin.companyId = acme;
  endUserId = eu.id;
});

beforeEach(async () => {
  await db().update(operators).set({ driver: "simulator", settings: QUIET }).where(inArray(operators.id, [operatorId, otherOperatorId]));
  // Operations other tests left open would be claimed by this test's job runs.
  await db().update(simOperations).set({ state: "failed" }).where(inArray(simOperations.state, ["queued", "requested"]));
});

// A prepaid SIM in use: 5 GB granted, 1 GB used, two labels, a rule, a note and an end user.
async function simInUse(over: Partial<typeof sims.$inferInsert> = {}) {
  const sim = await addSim({ planId, simType: "prepaid", endUserId, note: "Truck 7", dataLeftBytes: 4 * GB, validUntil: VALID_UNTIL, lastUsageAt: T0, ...over });
  await db()
    .insert(allowanceLedger)
    .values([
      { simId: sim.id, kind: "grant", bytes: 5 * GB, validUntil: VALID_UNTIL, sourceKey: `test:grant:${sim.id}` },
      { simId: sim.id, kind: "debit", bytes: 1 * GB, sourceKey: `test:debit:${sim.id}` },
    ]);
  const made = await db()
    .insert(labels)
    .values([
      { companyId: acme, name: `Fleet ${sim.id}` },
      { companyId: acme, name: `North ${sim.id}` },
    ])
    .returning();
  await db().insert(simLabels).values(made.map((l) => ({ simId: sim.id, labelId: l.id })));
  const [rule] = await db().insert(rules).values({ companyId: acme, name: `Low data ${sim.id}`, trigger: {}, actions: [] }).returning();
  if (rule) await db().insert(simRules).values({ simId: sim.id, ruleId: rule.id });
  return { sim, labelIds: made.map((l) => l.id).sort(), ruleId: rule?.id };
}

describe("asking for a SIM swap", () => {
  it("is offered on a live physical SIM whose status and integration allow it", () => {
    const live = { formFactor: "physical", status: "blank" as const, retiredAt: null };
    expect(canOfferSwap(live, "simulator")).toBe(true);
    expect(canOfferSwap({ ...live, status: "invalid" }, "simulator")).toBe(true);
    expect(canOfferSwap({ ...live, status: "pending" }, "simulator")).toBe(false);
    expect(canOfferSwap({ ...live, formFactor: "esim" }, "simulator")).toBe(false);
    expect(canOfferSwap({ ...live, retiredAt: T0 }, "simulator")).toBe(false);
    // Control Center does not declare simSwap, and a SIM without integration cannot be swapped.
    expect(canOfferSwap(live, "cisco_control_center")).toBe(false);
    expect(canOfferSwap(live, "none")).toBe(false);
  });

  it("puts the old SIM in Pending with a swap operation naming the new one, history and audit on both", async () => {
    const { sim } = await simInUse();
    const spare = await addSpare();
    await requestSimSwap(admin, acmeScope(), sim.iccid, spare.iccid, T0);
    expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "user", statusDetail: `Swapping to ${spare.iccid} at the operator` });
    const [op] = await operationsNaming(sim.id);
    expect(op).toMatchObject({ kind: "swap", simId: sim.id, newSimId: spare.id, state: "queued", previousStatus: "active", targetStatus: "active" });
    expect((await simRow(spare.id))?.status).toBe("blank");
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, sim.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([["active", "pending"]]);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, "sim.swap"), inArray(auditLog.targetId, [sim.iccid, spare.iccid])));
    expect(audit.map((e) => [e.targetId, e.actorUserId, e.companyId]).sort()).toEqual(
      [
        [sim.iccid, admin.userId, acme],
        [spare.iccid, admin.userId, acme],
      ].sort(),
    );
  });

  it("keeps every other change off the spare SIM while the swap runs", async () => {
    const { sim } = await simInUse();
    const spare = await addSpare();
    await requestSimSwap(admin, acmeScope(), sim.iccid, spare.iccid, T0);
    await expect(changeOneSim(staff, platform, spare.iccid, assignProductChange, { planId }, T0)).rejects.toThrow(/taking over another SIM's line/);
    expect((await simRow(spare.id))?.planId).toBeNull();
  });

  it("refuses what cannot be swapped, with a reason, and changes nothing", async () => {
    const sim = await addSim();
    const refusal = async (viewer: Viewer, scope: Scope, oldIccid: string, newIccid: string, expected: { code: string; message?: RegExp }) => {
      const error = await requestSimSwap(viewer, scope, oldIccid, newIccid, T0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: expected.code });
      if (expected.message) expect((error as AppError).userMessage).toMatch(expected.message);
    };
    const esim = await addSim({ formFactor: "esim" });
    await refusal(staff, platform, esim.iccid, (await addSpare()).iccid, { code: "conflict", message: /Only a physical SIM/ });
    await refusal(staff, platform, sim.iccid, (await addSpare({ operatorId: otherOperatorId })).iccid, { code: "conflict", message: /another operator/ });
    await refusal(staff, platform, sim.iccid, (await addSim()).iccid, { code: "conflict", message: /already has a line/ });
    await refusal(staff, platform, sim.iccid, (await addSpare({ planId, simType: "prepaid" })).iccid, { code: "conflict", message: /is in use/ });
    await refusal(staff, platform, sim.iccid, (await addSpare({ endUserId })).iccid, { code: "conflict", message: /is in use/ });
    await refusal(staff, platform, sim.iccid, (await addSpare({ companyId: globex })).iccid, { code: "conflict", message: /another company/ });
    await refusal(staff, platform, sim.iccid, (await addSpare({ formFactor: "esim" })).iccid, { code: "conflict", message: /is an eSIM/ });
    await refusal(staff, platform, (await addSim({ status: "pending" })).iccid, (await addSpare()).iccid, { code: "conflict", message: /Pending/ });
    await refusal(staff, platform, sim.iccid, sim.iccid, { code: "invalid_input" });
    // A company admin cannot reach another company's spare, nor its SIM, by typing their ICCIDs.
    const globexSpare = await addSpare({ companyId: globex });
    await refusal(admin, acmeScope(), sim.iccid, globexSpare.iccid, { code: "not_found" });
    const globexSim = await addSim({ companyId: globex });
    await refusal(admin, acmeScope(), globexSim.iccid, (await addSpare()).iccid, { code: "not_found" });
    await refusal({ ...admin, role: "end_user" }, { kind: "end_user", userId: endUserId }, sim.iccid, (await addSpare()).iccid, { code: "forbidden" });
    await db().update(operators).set({ driver: "none" }).where(eq(operators.id, operatorId));
    await refusal(staff, platform, sim.iccid, (await addSpare()).iccid, { code: "conflict", message: /cannot swap/ });

    expect(await simRow(sim.id)).toMatchObject({ status: "active", retiredAt: null });
    expect(await operationsNaming(sim.id)).toHaveLength(0);
    expect(await simRow(globexSpare.id)).toMatchObject({ companyId: globex, status: "blank" });
    expect(await operationsNaming(globexSpare.id)).toHaveLength(0);
  });

  it("lets only one of two concurrent swaps use the same new SIM", async () => {
    const [first, second, spare] = [await addSim(), await addSim(), await addSpare()];
    const results = await Promise.allSettled([
      requestSimSwap(staff, platform, first.iccid, spare.iccid, T0),
      requestSimSwap(admin, acmeScope(), second.iccid, spare.iccid, T0),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason instanceof AppError && lost.reason.code).toBe("conflict");
    expect(await operationsNaming(spare.id)).toHaveLength(1);
    const statuses = [(await simRow(first.id))?.status, (await simRow(second.id))?.status].sort();
    expect(statuses).toEqual(["active", "pending"]);
  });
});

describe("the run-operations job finishing a swap", () => {
  it("moves line, product, end user, labels, rules, note and balance (through the ledger) to the new SIM and retires the old", async () => {
    const { sim, labelIds, ruleId } = await simInUse();
    const spare = await addSpare();
    await requestSimSwap(staff, platform, sim.iccid, spare.iccid, T0);
    expect(await runSimOperations({ db: db(), now: () => T0 })).toMatchObject({ claimed: 1, waiting: 1 });
    expect(await runSimOperations({ db: db(), now: () => seconds(11) })).toMatchObject({ claimed: 1, succeeded: 1 });

    const fresh = await simRow(spare.id);
    expect(fresh).toMatchObject({
      status: "active",
      msisdn: sim.msisdn,
      imsi: spare.imsi,
      planId,
      simType: "prepaid",
      companyId: acme,
      endUserId,
      storeUse: false,
      note: "Truck 7",
      dataLeftBytes: 4 * GB,
      validUntil: VALID_UNTIL,
      replacesSimId: sim.id,
      retiredAt: null,
    });
    const old = await simRow(sim.id);
    expect(old).toMatchObject({ status: "blank", statusDetail: `Retired: replaced by ${spare.iccid}`, retiredAt: seconds(11), msisdn: null, planId: null, endUserId: null, companyId: acme, dataLeftBytes: null });
    const labelled = await db().select().from(simLabels).where(inArray(simLabels.simId, [sim.id, spare.id]));
    expect(labelled.filter((l) => l.simId === spare.id).map((l) => l.labelId).sort()).toEqual(labelIds);
    expect(labelled.filter((l) => l.simId === sim.id)).toHaveLength(0);
    expect(await db().select().from(simRules).where(inArray(simRules.simId, [sim.id, spare.id]))).toEqual([{ simId: spare.id, ruleId }]);
    // Each SIM's ledger adds up to what it shows.
    expect(await ledgerLeft(sim.id)).toBe(0);
    expect(await ledgerLeft(spare.id)).toBe(fresh?.dataLeftBytes);
    const history = await db().select().from(simStatusHistory).where(inArray(simStatusHistory.simId, [sim.id, spare.id]));
    expect(history.filter((h) => h.simId === spare.id).map((h) => [h.fromStatus, h.toStatus])).toEqual([["blank", "active"]]);
    expect(history.filter((h) => h.simId === sim.id).map((h) => h.toStatus)).toEqual(["pending", "blank"]);
    const [line] = await db().select().from(simulatorLines).where(eq(simulatorLines.iccid, spare.iccid));
    expect(line?.msisdn).toBe(sim.msisdn);
    const done = await db().select().from(auditLog).where(like(auditLog.action, "sim.swap.%"));
    expect(done.filter((e) => e.targetId === sim.iccid || e.targetId === spare.iccid).map((e) => e.action).sort()).toEqual(["sim.swap.completed", "sim.swap.retired"]);

    // The SIM pages link the two; the end user, who no longer has the old card, sees its ICCID unlinked.
    expect(await findSimDetail(acmeScope(), spare.iccid)).toMatchObject({ replaces: { iccid: sim.iccid, visible: true }, replacedBy: null });
    expect(await findSimDetail(acmeScope(), sim.iccid)).toMatchObject({ replaces: null, replacedBy: { iccid: spare.iccid, visible: true } });
    expect(await findSimDetail({ kind: "end_user", userId: endUserId }, spare.iccid)).toMatchObject({ replaces: { iccid: sim.iccid, visible: false } });
    expect(await findSimDetail({ kind: "company", companyId: globex }, spare.iccid)).toBeUndefined();

    // A retired SIM takes no further changes, and the job has nothing left to do.
    await expect(requestSimSwap(staff, platform, sim.iccid, (await addSpare()).iccid, seconds(20))).rejects.toThrow(/already retired/);
    expect(await runSimOperations({ db: db(), now: () => seconds(30) })).toMatchObject({ claimed: 0 });
  });

  it("keeps a suspension, with who made it, on the new SIM", async () => {
    const sim = await addSim({ status: "suspended", statusReason: "no_data", statusDetail: "No data left", lastUsageAt: T0 });
    const spare = await addSpare();
    await requestSimSwap(staff, platform, sim.iccid, spare.iccid, T0);
    await runSimOperations({ db: db(), now: () => T0 });
    await runSimOperations({ db: db(), now: () => seconds(11) });
    expect(await simRow(spare.id)).toMatchObject({ status: "suspended", statusReason: "no_data", statusDetail: "No data left", replacesSimId: sim.id });
  });

  it("puts the old SIM back where it was, with the reason, when the operator fails the swap; the new SIM is untouched", async () => {
    await db().update(operators).set({ settings: { ...QUIET, failureRates: { ...QUIET.failureRates, operation: 1 } } }).where(eq(operators.id, operatorId));
    const { sim } = await simInUse({ status: "invalid", statusDetail: "Card broken" });
    const spare = await addSpare();
    await requestSimSwap(staff, platform, sim.iccid, spare.iccid, T0);
    await runSimOperations({ db: db(), now: () => T0 });
    expect(await runSimOperations({ db: db(), now: () => seconds(11) })).toMatchObject({ failed: 1 });
    const old = await simRow(sim.id);
    expect(old).toMatchObject({ status: "invalid", statusReason: "operator", retiredAt: null, planId, endUserId, dataLeftBytes: 4 * GB });
    expect(old?.statusDetail).toMatch(/^SIM swap failed: /);
    expect(await simRow(spare.id)).toEqual(spare);
    expect(await ledgerLeft(sim.id)).toBe(4 * GB);
    const [op] = await operationsNaming(spare.id);
    expect(op?.state).toBe("failed");
    // The spare is free again for another swap.
    await requestSimSwap(staff, platform, sim.iccid, spare.iccid, seconds(20));
  });

  it("takes up a swap whose worker died once its lock expired, and finishes it exactly once", async () => {
    const { sim } = await simInUse();
    const spare = await addSpare();
    await requestSimSwap(staff, platform, sim.iccid, spare.iccid, T0);
    await runSimOperations({ db: db(), now: () => T0 });
    // A worker claimed it after the operator was asked and died before finishing.
    await db().update(simOperations).set({ lockedUntil: seconds(120) }).where(eq(simOperations.simId, sim.id));
    expect(await runSimOperations({ db: db(), now: () => seconds(60) })).toMatchObject({ claimed: 0 });
    const runs = await Promise.all([runSimOperations({ db: db(), now: () => seconds(121) }), runSimOperations({ db: db(), now: () => seconds(121) })]);
    expect(runs.reduce((n, r) => n + r.succeeded, 0)).toBe(1);
    expect(await runSimOperations({ db: db(), now: () => seconds(200) })).toMatchObject({ claimed: 0 });

    const keys = await db().select().from(allowanceLedger).where(like(allowanceLedger.sourceKey, "swap:%"));
    expect(keys.filter((k) => k.simId === sim.id || k.simId === spare.id)).toHaveLength(2);
    expect(await ledgerLeft(spare.id)).toBe(4 * GB);
    const history = await db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, spare.id));
    expect(history).toHaveLength(1);
    expect(await simRow(spare.id)).toMatchObject({ status: "active", replacesSimId: sim.id });
  });
});
