import { randomUUID } from "node:crypto";
import { asc, eq, inArray, isNull } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/cron/[job]/route";
import { getDb } from "@/db";
import { auditLog, companies, operators, plans, simOperations, simStatusHistory, sims, users, wallets } from "@/db/schema";
import { MICROS_PER_MINOR } from "@/lib/money";
import type { Viewer } from "@/lib/auth/viewer";
import { resetEnvForTests } from "@/lib/env";
import { runSimOperations } from "@/lib/sims/operations-job";
import { enforceWalletMinimums } from "./wallet-limits";
import { appendWalletEntries, recordWalletCredit, setWalletMinimum } from "./wallets";

const T0 = new Date("2026-03-10T12:00:00Z");
const seconds = (s: number) => new Date(T0.getTime() + s * 1000);
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };
const CRON_SECRET = "cron-secret-for-the-wallet-test";
process.env.CRON_SECRET = CRON_SECRET;
resetEnvForTests();

const SUSPENDING = "Wallet below its minimum balance; suspending at the operator";
const SUSPENDED_AT_OPERATOR = "Wallet below its minimum balance; suspended at the operator";
const SUSPENDED_IN_PORTAL = "Wallet below its minimum balance; suspended in the portal (the operator integration cannot suspend)";
const RESUMED_IN_PORTAL = "Wallet back at or above its minimum balance; resumed in the portal (the operator integration cannot resume)";
const RESUMED_AT_OPERATOR = "Wallet back at or above its minimum balance; resumed at the operator";

let acme = "";
let globex = "";
let simulator = "";
let paper = "";
let paygoEur = "";
let paygoGbp = "";
let subscriptionEur = "";
let prepaidEur = "";
let n = 0;
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };

beforeAll(async () => {
  const [sim, none] = await db()
    .insert(operators)
    .values([
      { name: "Simnet", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET },
      { name: "Paper Op", countryCode: "GB", currency: "GBP", driver: "none" },
    ])
    .returning();
  const [s] = await db().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  if (!sim || !none || !s) throw new Error("fixtures");
  simulator = sim.id;
  paper = none.id;
  staff.userId = s.id;
  const [pe, pg, se, pp] = await db()
    .insert(plans)
    .values([
      { operatorId: simulator, type: "paygo", currency: "EUR", defaultPerMbMicros: 1_000_000 },
      { operatorId: simulator, type: "paygo", currency: "GBP", defaultPerMbMicros: 1_000_000 },
      { operatorId: simulator, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 1_000_000, overagePerMbMicros: 1_000_000 },
      { operatorId: simulator, type: "prepaid", currency: "EUR", priceMinor: 1_000, dataBytes: 1_000_000, validityDays: 30 },
    ])
    .returning();
  if (!pe || !pg || !se || !pp) throw new Error("plans");
  paygoEur = pe.id;
  paygoGbp = pg.id;
  subscriptionEur = se.id;
  prepaidEur = pp.id;
});

// The audit log cannot be emptied (it is append-only), so each test gets companies of its own and
// retires the SIMs of the tests before it, which puts them out of every run's reach.
beforeEach(async () => {
  await db().update(sims).set({ retiredAt: T0 }).where(isNull(sims.retiredAt));
  await db().update(simOperations).set({ state: "failed", finishedAt: T0 }).where(inArray(simOperations.state, ["queued", "requested"]));
  n += 1;
  const [a, g] = await db()
    .insert(companies)
    .values([{ name: `Acme ${n}` }, { name: `Globex ${n}` }])
    .returning();
  if (!a || !g) throw new Error("companies");
  acme = a.id;
  globex = g.id;
});

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const [row] = await db()
    .insert(sims)
    .values({
      iccid: `89340700000000${String(40_000 + n)}`,
      formFactor: "physical",
      operatorId: simulator,
      status: "active",
      statusReason: "operator",
      companyId: acme,
      planId: paygoEur,
      simType: "paygo",
      msisdn: `3460000${String(1000 + n)}`,
      lastUsageAt: T0,
      ...over,
    })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}

// A wallet whose balance is the sum of its entries, like one that lived through usage and top-ups.
async function addWallet(companyId: string, currency: string, balanceMicros: number, minimumBalanceMinor: number) {
  const [wallet] = await db().insert(wallets).values({ companyId, currency, minimumBalanceMinor, createdAt: T0 }).returning();
  if (!wallet) throw new Error("wallet");
  if (balanceMicros !== 0) await moveBalance(wallet.id, balanceMicros);
  return wallet;
}

const moveBalance = (walletId: string, micros: number) =>
  db().transaction((tx) => appendWalletEntries(tx, [{ walletId, kind: "adjustment", amountMicros: micros, sourceKey: `test:${randomUUID()}`, occurredAt: T0 }]));

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const openOperations = (ids: number[]) =>
  db()
    .select()
    .from(simOperations)
    .where(inArray(simOperations.simId, ids))
    .orderBy(asc(simOperations.simId), asc(simOperations.createdAt));
const historyOf = (id: number) => db().select().from(simStatusHistory).where(eq(simStatusHistory.simId, id)).orderBy(asc(simStatusHistory.id));
const run = (walletIds?: string[], at = T0) => enforceWalletMinimums({ db: db(), now: () => at, walletIds });
const nothing = { suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } };

// Works the queued operations through the simulator until its delay has passed.
async function finishOperations(from = T0) {
  await runSimOperations({ db: db(), now: () => from });
  await runSimOperations({ db: db(), now: () => new Date(from.getTime() + 11_000) });
}

describe("the enforce-wallet-minimums job", () => {
  it("suspends the company's PAYGO SIMs in the wallet's currency, through the operator or in the portal, and nothing else", async () => {
    await addWallet(acme, "EUR", -1, 0);
    await addWallet(globex, "EUR", -5 * MICROS_PER_MINOR, 0);
    await addWallet(acme, "GBP", 0, 0);
    const active = await addSim();
    const ready = await addSim({ status: "activation_ready", lastUsageAt: null });
    const inPortal = await addSim({ operatorId: paper });
    const otherCompany = await addSim({ companyId: globex, planId: paygoGbp });
    const otherCurrency = await addSim({ planId: paygoGbp });
    const prepaid = await addSim({ planId: prepaidEur, simType: "prepaid" });
    const subscription = await addSim({ planId: subscriptionEur, simType: "subscription" });
    const retired = await addSim({ retiredAt: T0 });
    const suspendedByUser = await addSim({ status: "suspended", statusReason: "user" });
    const operating = await addSim({ operatorId: paper });
    await db().insert(simOperations).values({ simId: operating.id, kind: "suspend", previousStatus: "active", targetStatus: "suspended", state: "requested", nextAttemptAt: T0, createdAt: T0 });

    expect(await run()).toMatchObject({ suspended: { throughOperator: 2, inPortal: 1 }, resumed: { throughOperator: 0, inPortal: 0 } });
    // Their operations are open and the portal suspension is done: a second run finds nothing.
    expect(await run()).toMatchObject(nothing);

    for (const sim of [active, ready]) expect(await simRow(sim.id)).toMatchObject({ status: "pending", statusReason: "no_funds", statusDetail: SUSPENDING });
    const ops = await openOperations([active.id, ready.id]);
    expect(ops.map((o) => [o.simId, o.kind, o.state, o.reason, o.actorKind, o.requestedBy, o.previousStatus, o.targetStatus])).toEqual([
      [active.id, "suspend", "queued", "no_funds", "system", null, "active", "suspended"],
      [ready.id, "suspend", "queued", "no_funds", "system", null, "activation_ready", "suspended"],
    ]);

    expect(await simRow(inPortal.id)).toMatchObject({ status: "suspended", statusReason: "no_funds", statusDetail: SUSPENDED_IN_PORTAL, statusChangedAt: T0 });
    expect((await historyOf(inPortal.id)).map((h) => [h.fromStatus, h.toStatus, h.reason, h.actorKind, h.detail])).toEqual([
      ["active", "suspended", "no_funds", "system", SUSPENDED_IN_PORTAL],
    ]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, inPortal.iccid)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.actorKind, a.actorUserId, a.companyId, a.before, a.after])).toEqual([
      ["sim.suspend", "system", null, acme, { status: "active" }, { status: "suspended", reason: "no_funds" }],
    ]);

    for (const untouched of [otherCompany, otherCurrency, prepaid, subscription, retired, suspendedByUser, operating]) {
      expect(await simRow(untouched.id)).toMatchObject({ status: untouched.status, statusReason: untouched.statusReason });
    }
    const everyOperation = await openOperations([active, ready, inPortal, otherCompany, otherCurrency, prepaid, subscription, retired, suspendedByUser, operating].map((s) => s.id));
    expect(everyOperation.map((o) => o.simId)).toEqual([active.id, ready.id, operating.id]);

    // The operator carries the suspensions out; the SIMs end Suspended by the system for no funds.
    await finishOperations();
    expect(await simRow(active.id)).toMatchObject({ status: "suspended", statusReason: "no_funds", statusDetail: SUSPENDED_AT_OPERATOR });
    expect((await historyOf(active.id)).map((h) => [h.toStatus, h.reason, h.actorKind])).toEqual([
      ["pending", "no_funds", "system"],
      ["suspended", "no_funds", "system"],
    ]);
  });

  it("lets a negative minimum (a credit line) carry a negative balance down to it, and not one micro below", async () => {
    const wallet = await addWallet(acme, "EUR", -1_000 * MICROS_PER_MINOR, -1_000);
    const sim = await addSim({ operatorId: paper });
    expect(await run()).toMatchObject(nothing);
    expect((await simRow(sim.id))?.status).toBe("active");

    await moveBalance(wallet.id, -1);
    expect(await run()).toMatchObject({ suspended: { throughOperator: 0, inPortal: 1 }, resumed: { throughOperator: 0, inPortal: 0 } });
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });
  });

  it("resumes on a staff top-up that reaches the minimum only the SIMs it had suspended", async () => {
    const wallet = await addWallet(acme, "EUR", -300 * MICROS_PER_MINOR, 100);
    const viaOperator = await addSim();
    const inPortal = await addSim({ operatorId: paper });
    const neverUsed = await addSim({ operatorId: paper, status: "activation_ready", lastUsageAt: null });
    const suspendedByUser = await addSim({ operatorId: paper, status: "suspended", statusReason: "user", statusDetail: "Lost" });
    expect(await run()).toMatchObject({ suspended: { throughOperator: 1, inPortal: 2 }, resumed: { throughOperator: 0, inPortal: 0 } });
    await finishOperations();
    expect(await simRow(viaOperator.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });

    // From -3.00, a top-up of 3.99 brings it to 0.99, one cent short of the minimum of 1.00: nothing moves.
    const later = seconds(60);
    const topUp = (amountMinor: number) => recordWalletCredit(staff, { walletId: wallet.id, kind: "top_up", amountMinor, note: "Bank transfer", idempotencyKey: randomUUID() }, later);
    await topUp(399);
    for (const sim of [viaOperator, inPortal, neverUsed]) expect((await simRow(sim.id))?.status).toBe("suspended");

    await topUp(1);
    expect(await simRow(inPortal.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: RESUMED_IN_PORTAL, statusChangedAt: later });
    // A SIM that never had usage goes back to Activation ready, not Active.
    expect(await simRow(neverUsed.id)).toMatchObject({ status: "activation_ready", statusReason: "system", statusDetail: RESUMED_IN_PORTAL });
    expect(await simRow(suspendedByUser.id)).toMatchObject({ status: "suspended", statusReason: "user", statusDetail: "Lost" });
    expect(await simRow(viaOperator.id)).toMatchObject({ status: "pending", statusReason: "system" });
    const resumeOps = (await openOperations([viaOperator.id])).filter((o) => o.kind === "resume");
    expect(resumeOps.map((o) => [o.state, o.reason, o.actorKind, o.targetStatus])).toEqual([["queued", "no_funds", "system", "active"]]);
    expect((await historyOf(inPortal.id)).map((h) => [h.fromStatus, h.toStatus, h.reason, h.actorKind])).toEqual([
      ["active", "suspended", "no_funds", "system"],
      ["suspended", "active", "system", "system"],
    ]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, inPortal.iccid)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.actorKind, a.before, a.after])).toEqual([
      ["sim.suspend", "system", { status: "active" }, { status: "suspended", reason: "no_funds" }],
      ["sim.resume", "system", { status: "suspended" }, { status: "active", reason: "no_funds" }],
    ]);

    await finishOperations(later);
    expect(await simRow(viaOperator.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: RESUMED_AT_OPERATOR });
    expect(await run(undefined, seconds(120))).toMatchObject(nothing);
  });

  it("resumes a SIM suspended for no funds once it left PAYGO, while the wallet is still short", async () => {
    await addWallet(acme, "EUR", -1, 0);
    const moved = await addSim({ operatorId: paper });
    const stays = await addSim({ operatorId: paper });
    expect((await run()).suspended.inPortal).toBe(2);

    // A plan change makes it a subscription SIM: the wallet no longer holds it.
    await db().update(sims).set({ planId: subscriptionEur, simType: "subscription" }).where(eq(sims.id, moved.id));
    expect(await run()).toMatchObject({ suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 1 } });
    expect(await simRow(moved.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: RESUMED_IN_PORTAL });
    expect(await simRow(stays.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });
  });

  it("applies a minimum staff set at once: raised above the balance it suspends, lowered again it resumes", async () => {
    const wallet = await addWallet(acme, "EUR", 500 * MICROS_PER_MINOR, 0);
    const sim = await addSim({ operatorId: paper });
    await setWalletMinimum(staff, wallet.id, 501, T0);
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_funds", statusDetail: SUSPENDED_IN_PORTAL });
    await setWalletMinimum(staff, wallet.id, 500, seconds(1));
    expect(await simRow(sim.id)).toMatchObject({ status: "active", statusReason: "system", statusDetail: RESUMED_IN_PORTAL });
  });

  it("acts only on the wallets it is given", async () => {
    const acmeWallet = await addWallet(acme, "EUR", -1, 0);
    const globexWallet = await addWallet(globex, "EUR", -1, 0);
    const acmeSim = await addSim({ operatorId: paper });
    const globexSim = await addSim({ operatorId: paper, companyId: globex });

    expect((await run([acmeWallet.id])).suspended.inPortal).toBe(1);
    expect((await simRow(acmeSim.id))?.status).toBe("suspended");
    expect((await simRow(globexSim.id))?.status).toBe("active");

    // Globex's SIM is suspended, then its wallet is made whole behind the job's back: a run for
    // Acme's wallet does not lift it, the next full run does.
    expect((await run([globexWallet.id])).suspended.inPortal).toBe(1);
    await moveBalance(globexWallet.id, 1);
    await moveBalance(acmeWallet.id, 1);
    expect(await run([acmeWallet.id])).toMatchObject({ suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 1 } });
    expect((await simRow(acmeSim.id))?.status).toBe("active");
    expect((await simRow(globexSim.id))?.status).toBe("suspended");
    expect((await run()).resumed.inPortal).toBe(1);
    expect((await simRow(globexSim.id))?.status).toBe("active");
  });

  it("acts once per SIM when two runs overlap", async () => {
    await addWallet(acme, "EUR", -1, 0);
    const viaOperator = [await addSim(), await addSim(), await addSim()];
    const inPortal = [await addSim({ operatorId: paper }), await addSim({ operatorId: paper }), await addSim({ operatorId: paper })];
    const [first, second] = await Promise.all([run(), run()]);
    expect((first?.suspended.throughOperator ?? 0) + (second?.suspended.throughOperator ?? 0)).toBe(3);
    expect((first?.suspended.inPortal ?? 0) + (second?.suspended.inPortal ?? 0)).toBe(3);
    const all = [...viaOperator, ...inPortal].map((s) => s.id);
    expect((await openOperations(all)).map((o) => o.simId)).toEqual(viaOperator.map((s) => s.id));
    for (const id of all) expect(await historyOf(id)).toHaveLength(1);
    expect(await db().$count(auditLog, inArray(auditLog.targetId, [...viaOperator, ...inPortal].map((s) => s.iccid)))).toBe(6);
  });

  it("runs from its cron route with the secret", async () => {
    await addWallet(acme, "EUR", -1, 0);
    const sim = await addSim({ operatorId: paper });
    const job = "enforce-wallet-minimums";
    const call = (authorization: string) =>
      POST(new Request(`http://localhost/api/cron/${job}`, { method: "POST", headers: { authorization } }), { params: Promise.resolve({ job }) });
    expect((await call("Bearer wrong")).status).toBe(401);
    expect((await simRow(sim.id))?.status).toBe("active");
    const response = await call(`Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ job, ok: true, wallets: { suspended: { throughOperator: 0, inPortal: 1 }, resumed: { throughOperator: 0, inPortal: 0 } } });
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", statusReason: "no_funds" });
  });
});
