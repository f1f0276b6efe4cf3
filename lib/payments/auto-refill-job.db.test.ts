import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, autoRefills, payments, sims } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { MailMessage } from "@/lib/mail";
import { saveAutoRefill } from "./auto-refill";
import { runAutoRefills } from "./auto-refill-job";
import { submitPayment } from "./charge";
import { setPaymentProviderForTests } from "./registry";
import { saveFakeCard } from "./testing/fake-cards";
import { createFakeProvider, type FakeOutcome, type FakeProvider, outcome } from "./testing/fake-provider";
import { MB, type PaymentWorld, paymentWorld } from "./test-fixtures";

// The auto-refill job against the in-memory provider: one charge per threshold crossing, credited
// through settle.ts; declines pause, retry or notify; the monthly cap holds.

// Outcome notices are sent by settle.ts with the real sendMail: caught here.
const sent = vi.hoisted((): MailMessage[] => []);
vi.mock("@/lib/mail", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/mail")>()),
  sendMail: async (message: MailMessage) => {
    sent.push(message);
    return "logged";
  },
}));

const T0 = new Date("2026-06-10T12:00:00Z");
const HOUR = 3_600_000;
const db = () => getDb();
let world: PaymentWorld;
let fake: FakeProvider;

beforeAll(async () => {
  process.env.AUTH_URL = "https://portal.example.com";
  resetEnvForTests();
  world = await paymentWorld("Auto Co", T0);
});
afterAll(() => {
  delete process.env.AUTH_URL;
  resetEnvForTests();
  setPaymentProviderForTests(undefined);
});
beforeEach(() => {
  fake = createFakeProvider();
  setPaymentProviderForTests(fake);
  sent.length = 0;
});

const run = (at: Date, simIds?: number[]) => runAutoRefills({ db: db(), now: () => at, provider: fake, simIds, send: async (m) => sent.push(m) });
const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const refillRow = async (id: number) => (await db().select().from(autoRefills).where(eq(autoRefills.simId, id)))[0];
const paymentsOf = (simId: number) => db().select().from(payments).where(eq(payments.simId, simId)).orderBy(asc(payments.crossing), asc(payments.attempt));
const setDataLeft = (simId: number, mb: number) => db().update(sims).set({ dataLeftBytes: mb * MB }).where(eq(sims.id, simId));

// An empty SIM of the end user with auto-refill on: the package (2,000 MB, GBP 15.00) below `thresholdMb`.
async function autoSim(opts: { result?: FakeOutcome; thresholdMb?: number; capMinor?: number } = {}) {
  const sim = await world.emptySim();
  const card = await saveFakeCard(db(), fake, { kind: "user", userId: world.endUser.userId }, opts.result);
  await saveAutoRefill(
    world.endUser,
    { iccid: sim.iccid, enabled: true, thresholdMb: opts.thresholdMb ?? 100, packageId: world.packageId, cardId: card.id, monthlyCapMinor: opts.capMinor ?? 10_000 },
    T0,
  );
  return { sim, card };
}

describe("runAutoRefills", () => {
  it("never charges a former owner's card: a SIM whose end user changed is not auto-refilled on the old card", async () => {
    const { sim } = await autoSim();
    await db().update(sims).set({ endUserId: null }).where(eq(sims.id, sim.id));
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 0 });
    expect(await paymentsOf(sim.id)).toHaveLength(0);
  });

  it("charges a SIM below its threshold once, off-session, and its data rises at once", async () => {
    const { sim, card } = await autoSim();
    const summary = await run(T0, [sim.id]);
    expect(summary).toEqual({ charged: 1, succeeded: 1, failed: 0, skippedCap: 0, rearmed: 0, retried: 0 });
    const [payment, ...more] = await paymentsOf(sim.id);
    expect(more).toHaveLength(0);
    expect(payment).toMatchObject({
      purpose: "refill",
      trigger: "auto_refill",
      status: "succeeded",
      amountMinor: 1500,
      currency: "GBP",
      idempotencyKey: `auto-refill:${sim.id}:1:1`,
      crossing: 1,
      attempt: 1,
      cardId: card.id,
      companyId: world.companyId,
      userId: world.endUser.userId,
      createdBy: null,
      creditedAt: T0,
    });
    expect(fake.payments()).toMatchObject([{ offSession: true, amountMinor: 1500, idempotencyKey: `auto-refill:${sim.id}:1:1` }]);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 2000 * MB, status: "active" });
    expect(await refillRow(sim.id)).toMatchObject({ crossing: 1, armed: false, pausedAt: null });
    // Back above the threshold: re-armed for the next crossing, nothing charged.
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 0, rearmed: 1 });
    expect(await refillRow(sim.id)).toMatchObject({ crossing: 1, armed: true });
    expect(fake.charges()).toBe(1);
    expect(sent).toEqual([]);
  });

  it("charges one crossing once: a rerun while still below the threshold charges nothing, a new fall after re-arming charges again", async () => {
    // A threshold above the package: the SIM stays below it after the refill.
    const { sim } = await autoSim({ thresholdMb: 5_000 });
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, succeeded: 1 });
    expect(await run(new Date(T0.getTime() + HOUR), [sim.id])).toMatchObject({ charged: 0, rearmed: 0 });
    expect(await run(new Date(T0.getTime() + 8 * HOUR), [sim.id])).toMatchObject({ charged: 0, rearmed: 0 });
    await setDataLeft(sim.id, 6_000);
    expect(await run(new Date(T0.getTime() + 9 * HOUR), [sim.id])).toMatchObject({ charged: 0, rearmed: 1 });
    await setDataLeft(sim.id, 10);
    expect(await run(new Date(T0.getTime() + 10 * HOUR), [sim.id])).toMatchObject({ charged: 1, succeeded: 1 });
    expect((await paymentsOf(sim.id)).map((p) => p.idempotencyKey)).toEqual([`auto-refill:${sim.id}:1:1`, `auto-refill:${sim.id}:2:1`]);
    expect(fake.charges()).toBe(2);
  });

  it("charges once when two runs go at once", async () => {
    const { sim } = await autoSim();
    const [a, b] = await Promise.all([run(T0, [sim.id]), run(T0, [sim.id])]);
    expect(a.charged + b.charged).toBe(1);
    expect(fake.charges()).toBe(1);
    expect(await paymentsOf(sim.id)).toHaveLength(1);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 2000 * MB });
  });

  it("reaches the same provider payment after a crash between the charge and its settlement, and credits it once", async () => {
    const { sim } = await autoSim({ result: outcome.throwAfterCharge });
    const summary = await run(T0, [sim.id]);
    expect(summary).toMatchObject({ charged: 1, succeeded: 0, failed: 0 });
    const [pending] = await paymentsOf(sim.id);
    expect(pending).toMatchObject({ status: "pending", providerPaymentId: null, creditedAt: null });
    if (!pending) throw new Error("no payment");
    expect(fake.charges()).toBe(1);
    // A rerun of the job does not charge the crossing again while its charge is unsettled.
    expect(await run(new Date(T0.getTime() + 2 * HOUR), [sim.id])).toMatchObject({ charged: 0 });
    // Reconciliation submits the stored row again, twice even: same key, same provider payment.
    const later = new Date(T0.getTime() + 2 * HOUR);
    const first = await submitPayment(db(), fake, pending, later);
    const second = await submitPayment(db(), fake, pending, later);
    expect(first).toMatchObject({ credited: true, payment: { status: "succeeded" } });
    expect(second.credited).toBe(false);
    expect(fake.charges()).toBe(1);
    expect(fake.calls()).toBe(3);
    const grants = await db()
      .select()
      .from(allowanceLedger)
      .where(and(eq(allowanceLedger.simId, sim.id), like(allowanceLedger.sourceKey, "refill:payment:%")));
    expect(grants).toHaveLength(1);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 2000 * MB });
  });

  it("leaves a charge that never reached the provider pending, for reconciliation, and charges nothing", async () => {
    const { sim, card } = await autoSim({ result: outcome.throw });
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, succeeded: 0, failed: 0 });
    expect(await paymentsOf(sim.id)).toMatchObject([{ status: "pending" }]);
    expect(fake.charges()).toBe(0);
    // Saving the settings again re-arms, but a new crossing waits for the charge in flight.
    fake.setOutcome(card.providerMethodId, outcome.succeed);
    await saveAutoRefill(world.endUser, { iccid: sim.iccid, enabled: true, thresholdMb: 100, packageId: world.packageId, cardId: card.id, monthlyCapMinor: 10_000 }, T0);
    expect(await run(new Date(T0.getTime() + HOUR), [sim.id])).toMatchObject({ charged: 0 });
    expect(await paymentsOf(sim.id)).toHaveLength(1);
  });

  it("pauses and e-mails a link to pay on-session when the bank wants authentication, and does not retry", async () => {
    const { sim } = await autoSim({ result: outcome.authenticationRequired });
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, failed: 1 });
    const [payment] = await paymentsOf(sim.id);
    expect(payment).toMatchObject({ status: "failed", failureCode: "authentication_required" });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: T0, pauseReason: "authentication_required" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(world.endUser.email);
    expect(sent[0]?.text).toContain(`https://portal.example.com/account/payments/${payment?.id}`);
    expect(await run(new Date(T0.getTime() + 7 * HOUR), [sim.id])).toMatchObject({ charged: 0, retried: 0 });
    expect(await run(new Date(T0.getTime() + 48 * HOUR), [sim.id])).toMatchObject({ charged: 0, retried: 0 });
    expect(fake.charges()).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ["card_declined", "stolen_card", "card_declined: stolen_card"],
    ["card_declined", "do_not_honor", "card_declined: do_not_honor"],
    ["expired_card", "expired_card", "card_declined: expired_card"],
  ])("pauses and e-mails on a hard decline (%s / %s), without retrying", async (code, declineCode, reason) => {
    const { sim } = await autoSim({ result: outcome.decline(code, declineCode) });
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, failed: 1 });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: T0, pauseReason: reason });
    expect(sent.map((m) => m.to)).toEqual([world.endUser.email]);
    expect(sent[0]?.subject).toMatch(/declined/);
    expect(await run(new Date(T0.getTime() + 7 * HOUR), [sim.id])).toMatchObject({ charged: 0 });
    expect(fake.charges()).toBe(1);
  });

  it("retries a soft decline after 1 h and then 6 h, three attempts in all, then pauses and e-mails once", async () => {
    const { sim } = await autoSim({ result: outcome.decline("card_declined", "insufficient_funds") });
    const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, failed: 1, retried: 0 });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: null });
    expect(sent).toEqual([]);
    expect(await run(at(0.9), [sim.id])).toMatchObject({ charged: 0 });
    expect(await run(at(1), [sim.id])).toMatchObject({ charged: 1, failed: 1, retried: 1 });
    expect(await run(at(1), [sim.id])).toMatchObject({ charged: 0 });
    expect(await run(at(6.9), [sim.id])).toMatchObject({ charged: 0 });
    expect(await run(at(7), [sim.id])).toMatchObject({ charged: 1, failed: 1, retried: 1 });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: at(7), pauseReason: "retries_exhausted" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toMatch(/failed 3 times/);
    expect(await run(at(30), [sim.id])).toMatchObject({ charged: 0 });
    expect((await paymentsOf(sim.id)).map((p) => [p.idempotencyKey, p.status])).toEqual([
      [`auto-refill:${sim.id}:1:1`, "failed"],
      [`auto-refill:${sim.id}:1:2`, "failed"],
      [`auto-refill:${sim.id}:1:3`, "failed"],
    ]);
    expect(fake.charges()).toBe(3);
  });

  it("stops retrying once a retry succeeds, or once the SIM is back above its threshold", async () => {
    const { sim, card } = await autoSim({ result: outcome.decline("card_declined", "try_again_later") });
    await run(T0, [sim.id]);
    fake.setOutcome(card.providerMethodId, outcome.succeed);
    expect(await run(new Date(T0.getTime() + HOUR), [sim.id])).toMatchObject({ charged: 1, succeeded: 1, retried: 1 });
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 2000 * MB });

    const other = await autoSim({ result: outcome.decline("card_declined", "generic_decline") });
    await run(T0, [other.sim.id]);
    await setDataLeft(other.sim.id, 500);
    expect(await run(new Date(T0.getTime() + HOUR), [other.sim.id])).toMatchObject({ charged: 0, rearmed: 1 });
  });

  it("never goes over the monthly cap, pauses and tells the payer once when it is reached, and charges again next month", async () => {
    // Cap GBP 30.00: two packages of GBP 15.00 a month.
    const { sim } = await autoSim({ thresholdMb: 5_000, capMinor: 3_000 });
    const fall = async (at: Date) => {
      await setDataLeft(sim.id, 6_000);
      await run(at, [sim.id]);
      await setDataLeft(sim.id, 10);
      return run(at, [sim.id]);
    };
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1 });
    expect(await fall(new Date("2026-06-12T00:00:00Z"))).toMatchObject({ charged: 1, skippedCap: 0 });
    expect(await fall(new Date("2026-06-14T00:00:00Z"))).toMatchObject({ charged: 0, skippedCap: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toMatch(/monthly auto-refill limit/);
    expect(await run(new Date("2026-06-14T01:00:00Z"), [sim.id])).toMatchObject({ charged: 0, skippedCap: 0 });
    expect(await fall(new Date("2026-06-20T00:00:00Z"))).toMatchObject({ charged: 0, skippedCap: 0 });
    expect(sent).toHaveLength(1);
    const june = (await paymentsOf(sim.id)).filter((p) => p.status === "succeeded").reduce((sum, p) => sum + p.amountMinor, 0);
    expect(june).toBe(3_000);
    // Still below the threshold when July starts: charged without the data having to rise first.
    expect(await run(new Date("2026-07-01T00:00:00Z"), [sim.id])).toMatchObject({ charged: 1, skippedCap: 0 });
  });

  it("does not count failed charges against the cap", async () => {
    const { sim, card } = await autoSim({ capMinor: 1_500, result: outcome.decline("card_declined", "insufficient_funds") });
    await run(T0, [sim.id]);
    fake.setOutcome(card.providerMethodId, outcome.succeed);
    expect(await run(new Date(T0.getTime() + HOUR), [sim.id])).toMatchObject({ charged: 1, succeeded: 1, skippedCap: 0 });
  });

  it("charges the company's card for a company SIM and tells the company's admins", async () => {
    const sim = await world.emptySim({ endUserId: null });
    const card = await saveFakeCard(db(), fake, { kind: "company", companyId: world.companyId }, outcome.decline("card_declined", "lost_card"));
    await saveAutoRefill(world.admin, { iccid: sim.iccid, enabled: true, thresholdMb: 100, packageId: world.packageId, cardId: card.id, monthlyCapMinor: 5_000 }, T0);
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 1, failed: 1 });
    expect(await paymentsOf(sim.id)).toMatchObject([{ userId: null, companyId: world.companyId, cardId: card.id }]);
    expect(sent.map((m) => m.to)).toEqual([world.admin.email]);
  });

  it("charges nothing for an auto-refill turned off or paused", async () => {
    const { sim, card } = await autoSim();
    await saveAutoRefill(world.endUser, { iccid: sim.iccid, enabled: false, thresholdMb: 100, packageId: world.packageId, cardId: card.id, monthlyCapMinor: 10_000 }, T0);
    const paused = await autoSim();
    await db().update(autoRefills).set({ pausedAt: T0, pauseReason: "authentication_required" }).where(eq(autoRefills.simId, paused.sim.id));
    expect(await run(T0, [sim.id, paused.sim.id])).toMatchObject({ charged: 0 });
    expect(fake.charges()).toBe(0);
  });
});
