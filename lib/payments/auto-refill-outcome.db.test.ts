import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { autoRefills, paymentCustomers, payments, plans, sims } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import type { MailMessage } from "@/lib/mail";
import { saveAutoRefill } from "./auto-refill";
import { runAutoRefills } from "./auto-refill-job";
import { applyAutoRefillOutcome } from "./auto-refill-outcome";
import { settlePayment } from "./settle";
import { setPaymentProviderForTests } from "./registry";
import { saveFakeCard } from "./testing/fake-cards";
import { createFakeProvider, type FakeOutcome, type FakeProvider, outcome } from "./testing/fake-provider";
import { MB, type PaymentWorld, paymentWorld } from "./test-fixtures";

// What later answers about an automatic refill do to its auto-refill: the payer completing the
// charge on-session, a charge the provider never confirmed, a crossing superseded by new settings.

const sent = vi.hoisted((): MailMessage[] => []);
vi.mock("@/lib/mail", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/mail")>()),
  sendMail: async (message: MailMessage) => {
    sent.push(message);
    return "logged";
  },
}));

const T0 = new Date("2026-06-10T12:00:00Z");
const db = () => getDb();
let world: PaymentWorld;
let fake: FakeProvider;

beforeAll(async () => {
  process.env.AUTH_URL = "https://portal.example.com";
  resetEnvForTests();
  world = await paymentWorld("Outcome Co", T0);
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

const run = (at: Date, simIds: number[]) => runAutoRefills({ db: db(), now: () => at, provider: fake, simIds, send: async (m) => sent.push(m) });
const refillRow = async (id: number) => (await db().select().from(autoRefills).where(eq(autoRefills.simId, id)))[0];
const paymentsOf = (simId: number) => db().select().from(payments).where(eq(payments.simId, simId)).orderBy(asc(payments.crossing), asc(payments.attempt));

async function autoSim(result: FakeOutcome) {
  const sim = await world.emptySim();
  const card = await saveFakeCard(db(), fake, { kind: "user", userId: world.endUser.userId }, result);
  const settings = { iccid: sim.iccid, enabled: true, thresholdMb: 100, packageId: world.packageId, cardId: card.id, monthlyCapMinor: 10_000 };
  await saveAutoRefill(world.endUser, settings, T0);
  return { sim, card, settings };
}

describe("applyAutoRefillOutcome", () => {
  it("lifts the authentication pause once the payer completes the charge on-session, which credits it; one e-mail in all", async () => {
    const { sim, card } = await autoSim(outcome.authenticationRequired);
    await run(T0, [sim.id]);
    const [payment] = await paymentsOf(sim.id);
    if (!payment?.providerPaymentId) throw new Error("no provider payment");
    expect(await refillRow(sim.id)).toMatchObject({ pauseReason: "authentication_required" });
    const t1 = new Date(T0.getTime() + 600_000);
    const seen = await fake.confirmPaymentOnSession(payment.providerPaymentId, { paymentMethodId: card.providerMethodId, returnUrl: "https://portal.example.com/x" });
    expect(await settlePayment(db(), payment.id, seen, t1)).toMatchObject({ credited: true, payment: { status: "succeeded" } });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: null, pauseReason: null, armed: false });
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]).toMatchObject({ dataLeftBytes: 2000 * MB });
    expect(sent).toHaveLength(1);
    expect(fake.charges()).toBe(1);
  });

  it("pauses, without an e-mail, for a charge the provider never confirmed (canceled by reconciliation)", async () => {
    const { sim } = await autoSim(outcome.throw);
    await run(T0, [sim.id]);
    const [payment] = await paymentsOf(sim.id);
    if (!payment) throw new Error("no payment");
    const t1 = new Date(T0.getTime() + 86_400_000);
    await db().transaction(async (tx) => {
      const [canceled] = await tx.update(payments).set({ status: "canceled", updatedAt: t1 }).where(eq(payments.id, payment.id)).returning();
      if (!canceled) throw new Error("no payment");
      expect(await applyAutoRefillOutcome(tx, canceled, t1)).toEqual([]);
    });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: t1, pauseReason: "payment_unconfirmed" });
  });

  it("ignores the answer for a crossing that new settings superseded", async () => {
    const { sim, card, settings } = await autoSim(outcome.throw);
    await run(T0, [sim.id]);
    const [stale] = await paymentsOf(sim.id);
    if (!stale) throw new Error("no payment");
    // The payer saves again and a new crossing is charged, after the stale charge is resolved.
    await saveAutoRefill(world.endUser, settings, T0);
    await db().update(autoRefills).set({ crossing: 5 }).where(eq(autoRefills.simId, sim.id));
    fake.setOutcome(card.providerMethodId, outcome.decline("card_declined", "stolen_card"));
    const [customer] = await db().select().from(paymentCustomers).where(eq(paymentCustomers.id, card.customerId));
    const seen = await fake.createPayment({
      customerId: customer?.providerCustomerId ?? "",
      paymentMethodId: card.providerMethodId,
      amountMinor: stale.amountMinor,
      currency: stale.currency,
      offSession: true,
      idempotencyKey: stale.idempotencyKey,
      description: "SIM refill",
      portalPaymentId: stale.id,
    });
    expect(await settlePayment(db(), stale.id, seen, T0)).toMatchObject({ payment: { status: "failed", declineCode: "stolen_card" } });
    expect(await refillRow(sim.id)).toMatchObject({ pausedAt: null, crossing: 5 });
    expect(sent).toEqual([]);
  });

  it("pauses an auto-refill whose package is no longer on the SIM's plan, charging nothing", async () => {
    const { sim } = await autoSim(outcome.succeed);
    const [plan] = await db().insert(plans).values({ operatorId: world.operatorId, type: "prepaid", currency: "GBP", priceMinor: 100, dataBytes: MB, validityDays: 1 }).returning();
    await db().update(sims).set({ planId: plan?.id }).where(eq(sims.id, sim.id));
    expect(await run(T0, [sim.id])).toMatchObject({ charged: 0 });
    expect(await refillRow(sim.id)).toMatchObject({ pauseReason: "package_unavailable" });
    expect(fake.charges()).toBe(0);
  });
});
