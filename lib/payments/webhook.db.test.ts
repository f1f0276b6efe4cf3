import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, paymentEvents, payments, sims } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { completeCardSetup, listCards, startCardSetup } from "./cards";
import { storePayment } from "./charge";
import { ensureCustomer, payerOf } from "./customers";
import type { PaymentProvider } from "./provider";
import { reconcilePayments } from "./reconcile";
import { setPaymentProviderForTests } from "./registry";
import { createFakeStripe, type FakeStripe, signedWebhook, stripeEvent } from "./stripe/fake-stripe";
import { MB, type PaymentWorld, paymentWorld } from "./test-fixtures";
import { receiveStripeWebhook } from "./webhook";

// The Stripe webhook against a fake Stripe behind the SDK's httpClient hook, with payloads signed
// by the SDK's own test-header helper. The payment is charged at Stripe but its answer never
// reached the portal (a crash): whichever of webhook and reconciliation comes first credits it.
const T0 = new Date("2026-07-01T09:00:00Z");
const SECRET = "whsec_test_portal";
const db = () => getDb();
let fake: FakeStripe;
let provider: PaymentProvider;
let world: PaymentWorld;

beforeAll(async () => {
  fake = createFakeStripe();
  provider = fake.provider();
  setPaymentProviderForTests(provider);
  setClockForTests(T0);
  world = await paymentWorld("Webhook Co", T0);
});
afterAll(() => {
  setPaymentProviderForTests(undefined);
  setClockForTests(undefined);
});

// A refill charged at Stripe whose answer was lost: the payment row is pending, without the
// provider's id, and the intent at Stripe has succeeded (or not, for `card`).
async function chargedButUnsettled(card = "pm_card_visa") {
  const { setupId } = await startCardSetup(world.endUser);
  fake.completeSetup(setupId, card);
  const saved = await completeCardSetup(world.endUser, setupId, T0);
  const customer = await ensureCustomer(db(), provider, payerOf(world.endUser));
  const sim = await world.emptySim();
  const payment = await storePayment(
    db(),
    provider,
    {
      purpose: "refill",
      trigger: "manual",
      customerId: customer.id,
      cardId: saved.id,
      companyId: world.companyId,
      userId: world.endUser.userId,
      simId: sim.id,
      packageDataBytes: 2000 * MB,
      packageValidityDays: 30,
      amountMinor: 1500,
      currency: "GBP",
      idempotencyKey: `manual:${crypto.randomUUID()}`,
      createdBy: world.endUser.userId,
    },
    T0,
  );
  const intent = await provider.createPayment({
    customerId: customer.providerCustomerId,
    paymentMethodId: saved.providerMethodId,
    amountMinor: 1500,
    currency: "GBP",
    offSession: false,
    idempotencyKey: payment.idempotencyKey,
    description: "SIM refill",
    portalPaymentId: payment.id,
  });
  return { sim, payment, intent: fake.state.paymentIntents.get(intent.id) as Stripe.PaymentIntent };
}

const deliver = (payload: unknown, options: { at?: Date; signedAt?: number; secret?: string; tamper?: (body: string) => string } = {}) => {
  const at = options.at ?? T0;
  const { body, signature } = signedWebhook(payload, options.secret ?? SECRET, options.signedAt ?? Math.floor(at.getTime() / 1000));
  return receiveStripeWebhook(options.tamper ? options.tamper(body) : body, signature, { db: db(), provider, secret: SECRET, at });
};

const refills = async (simId: number) => (await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, simId))).filter((e) => e.sourceKey.startsWith("refill:"));
const paymentRow = async (id: string) => (await db().select().from(payments).where(eq(payments.id, id)))[0];
const eventRows = async (id: string) => db().select().from(paymentEvents).where(eq(paymentEvents.eventId, id));

describe("the Stripe webhook", () => {
  it("credits once when the same event is delivered five times at once", async () => {
    const { sim, payment, intent } = await chargedButUnsettled();
    const event = stripeEvent("payment_intent.succeeded", { ...intent }, "evt_five_times");
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === "handled")).toHaveLength(1);
    expect(await refills(sim.id)).toHaveLength(1);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", providerPaymentId: intent.id, creditedAt: T0 });
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]).toMatchObject({ dataLeftBytes: 2000 * MB, status: "active" });
    expect(await eventRows("evt_five_times")).toHaveLength(1);
    expect(fake.chargeCount("succeeded")).toBeGreaterThan(0);
  });

  it("credits once when the webhook and the reconciliation job race", async () => {
    const { sim, payment, intent } = await chargedButUnsettled();
    const later = new Date(T0.getTime() + 5 * 60_000);
    const [answer] = await Promise.all([
      deliver(stripeEvent("payment_intent.succeeded", { ...intent }, "evt_race"), { at: later }),
      reconcilePayments({ db: db(), now: () => later, provider }),
    ]);
    expect(answer?.status).toBe(200);
    expect(await refills(sim.id)).toHaveLength(1);
    expect((await paymentRow(payment.id))?.status).toBe("succeeded");
  });

  it("never undoes a success with an older event that arrives late", async () => {
    const { payment, intent } = await chargedButUnsettled();
    await deliver(stripeEvent("payment_intent.succeeded", { ...intent }, "evt_in_order"));
    const stale = { ...intent, status: "requires_payment_method", last_payment_error: { code: "card_declined", message: "declined" } };
    const answer = await deliver(stripeEvent("payment_intent.payment_failed", stale, "evt_late_failure"));
    expect(answer.status).toBe(200);
    expect((await paymentRow(payment.id))?.status).toBe("succeeded");
  });

  it("refuses a bad signature, a tampered body and a stale timestamp, writing nothing", async () => {
    const { sim, payment, intent } = await chargedButUnsettled();
    const event = stripeEvent("payment_intent.succeeded", { ...intent }, "evt_refused");
    const answers = [
      await deliver(event, { secret: "whsec_someone_else" }),
      await deliver(event, { tamper: (body) => body.replace('"amount":1500', '"amount":1') }),
      await deliver(event, { signedAt: Math.floor(T0.getTime() / 1000) - 301 }),
      await receiveStripeWebhook(JSON.stringify(event), null, { db: db(), provider, secret: SECRET, at: T0 }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(await eventRows("evt_refused")).toHaveLength(0);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "pending", providerPaymentId: null, creditedAt: null });
    expect(await refills(sim.id)).toHaveLength(0);
    // Signed at 299 s ago: still accepted.
    expect((await deliver(event, { signedAt: Math.floor(T0.getTime() / 1000) - 299 })).status).toBe(200);
  });

  it("saves a card whose page was closed before it told the portal, once", async () => {
    const { setupId } = await startCardSetup(world.admin);
    const setup = fake.completeSetup(setupId, "pm_card_visa");
    const event = stripeEvent("setup_intent.succeeded", { ...setup }, "evt_setup");
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const cards = await listCards(world.admin);
    expect(cards.filter((c) => c.providerMethodId === setup.payment_method)).toHaveLength(1);
  });

  it("answers 200 to events it does not handle and to payments that are not the portal's", async () => {
    const ignored = await deliver(stripeEvent("customer.created", { id: "cus_x", object: "customer" }, "evt_ignored"));
    expect(ignored).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await eventRows("evt_ignored")).toHaveLength(0);
  });

  it("answers 500 when handling fails, leaves no mark, and acts on the redelivery", async () => {
    const { sim, intent } = await chargedButUnsettled();
    const event = stripeEvent("payment_intent.succeeded", { ...intent }, "evt_retry");
    fake.failNextRequests({ times: 3 });
    const failed = await deliver(event);
    expect(failed.status).toBe(500);
    expect(await eventRows("evt_retry")).toHaveLength(0);
    expect((await deliver(event)).body.outcome).toBe("handled");
    expect(await refills(sim.id)).toHaveLength(1);
  });
});

describe("reconciliation", () => {
  it("resubmits a payment whose answer was lost with its stored key: the same intent, one charge, one credit", async () => {
    const { sim, payment, intent } = await chargedButUnsettled();
    const before = fake.state.charges.length;
    const later = new Date(T0.getTime() + 5 * 60_000);
    const summary = await reconcilePayments({ db: db(), now: () => later, provider });
    expect(summary.failed).toBe(0);
    expect(fake.state.charges.length).toBe(before);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", providerPaymentId: intent.id });
    expect(await refills(sim.id)).toHaveLength(1);
  });

  it("fails, for good, a payment the provider refuses to create (its card was detached meanwhile)", async () => {
    const { payment } = await unsubmitted();
    const later = new Date(T0.getTime() + 5 * 60_000);
    const summary = await reconcilePayments({ db: db(), now: () => later, provider });
    expect(summary.failed).toBe(0);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "failed", providerPaymentId: null, creditedAt: null });
    // Not picked up again.
    expect((await reconcilePayments({ db: db(), now: () => new Date(later.getTime() + 5 * 60_000), provider })).checked).toBe(0);
  });
});

// A refill stored but never sent, whose card Stripe then let go of.
async function unsubmitted() {
  const { setupId } = await startCardSetup(world.endUser);
  fake.completeSetup(setupId, "pm_card_visa");
  const saved = await completeCardSetup(world.endUser, setupId, T0);
  await provider.detachCard(saved.providerMethodId);
  const customer = await ensureCustomer(db(), provider, payerOf(world.endUser));
  const sim = await world.emptySim();
  const payment = await storePayment(
    db(),
    provider,
    { purpose: "refill", trigger: "manual", customerId: customer.id, cardId: saved.id, companyId: world.companyId, simId: sim.id, packageDataBytes: 2000 * MB, packageValidityDays: 30, amountMinor: 1500, currency: "GBP", idempotencyKey: `manual:${crypto.randomUUID()}` },
    T0,
  );
  return { payment };
}
