import Stripe from "stripe";
import { beforeEach, describe, expect, it } from "vitest";
import { type CreatePayment, type PaymentProvider, PaymentRefused } from "../provider";
import { createFakeStripe, type FakeStripe } from "./fake-stripe";

// The Stripe provider through the real SDK against the fake Stripe API (fake-stripe.ts), one
// test card behaviour at a time.

let fake: FakeStripe;
let provider: PaymentProvider;
let keys = 0;
const key = (name: string) => `${name}:${++keys}`;

beforeEach(() => {
  fake = createFakeStripe();
  provider = fake.provider();
});

async function customer(): Promise<string> {
  const { id } = await provider.createCustomer({ email: "ana@example.com", name: "Ana", idempotencyKey: key("customer"), portalCustomerId: "pc-1" });
  return id;
}

// A card saved the way the portal saves one: a SetupIntent the customer completes in Stripe.js.
async function savedCard(customerId: string, card: string): Promise<string> {
  const setup = await provider.createSetup({ customerId, idempotencyKey: key("setup") });
  fake.completeSetup(setup.id, card);
  const done = await provider.retrieveSetup(setup.id);
  if (!done.card) throw new Error("setup has no card");
  return done.card.providerMethodId;
}

const payment = (customerId: string, paymentMethodId: string, overrides: Partial<CreatePayment> = {}): CreatePayment => ({
  customerId,
  paymentMethodId,
  amountMinor: 1500,
  currency: "EUR",
  offSession: true,
  idempotencyKey: key("payment"),
  description: "Refill 1 GB",
  portalPaymentId: "pay-1",
  ...overrides,
});

describe("Stripe client configuration", () => {
  it("pins the SDK's API version, names the portal and sends the caller's idempotency key", async () => {
    await provider.createCustomer({ email: "a@example.com", name: "A", idempotencyKey: "customer:abc", portalCustomerId: "pc-9" });
    const [request] = fake.state.requests;
    expect(request?.headers["stripe-version"]).toBe("2026-11-18.endive");
    expect(request?.headers["stripe-version"]).toBe(Stripe.API_VERSION);
    expect(request?.headers["user-agent"]).toContain("sim-portal");
    expect(request?.idempotencyKey).toBe("customer:abc");
    expect(request?.form.metadata).toEqual({ portal_customer_id: "pc-9" });
  });
});

describe("customers and saved cards", () => {
  it("creates a customer once per idempotency key", async () => {
    const input = { email: "b@example.com", name: "B", idempotencyKey: "customer:b", portalCustomerId: "pc-b" };
    const first = await provider.createCustomer(input);
    const again = await provider.createCustomer(input);
    expect(again.id).toBe(first.id);
    expect(fake.state.customers.size).toBe(1);
    expect(fake.state.customers.get(first.id)?.metadata).toEqual({ portal_customer_id: "pc-b" });
  });

  it("creates a card-only off-session SetupIntent and reads the saved card back", async () => {
    const customerId = await customer();
    const setup = await provider.createSetup({ customerId, idempotencyKey: "setup:1" });
    expect(setup).toMatchObject({ status: "requires_payment_method", customerId, card: null, failure: null });
    expect(setup.clientSecret).toMatch(/_secret_/);
    const request = fake.state.requests.at(-1);
    expect(request?.form).toMatchObject({ usage: "off_session", allowed_payment_method_types: { "0": "card" } });
    expect((await provider.createSetup({ customerId, idempotencyKey: "setup:1" })).id).toBe(setup.id);

    fake.completeSetup(setup.id, "pm_card_visa");
    const done = await provider.retrieveSetup(setup.id);
    expect(done.status).toBe("succeeded");
    expect(done.card).toEqual({ providerMethodId: expect.stringMatching(/^pm_/), brand: "visa", last4: "4242", expMonth: 12, expYear: 2034 });
  });

  it("reports a setup the customer failed to authenticate", async () => {
    const customerId = await customer();
    const setup = await provider.createSetup({ customerId, idempotencyKey: key("setup") });
    fake.completeSetup(setup.id, "pm_card_authenticationRequired", { authenticated: false });
    const done = await provider.retrieveSetup(setup.id);
    expect(done).toMatchObject({ status: "requires_payment_method", card: null });
    expect(done.failure?.code).toBe("setup_intent_authentication_failure");
  });

  it("detaches a card, and detaching it again (or a card Stripe no longer has) is fine", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_visa");
    await provider.detachCard(methodId);
    expect(fake.state.paymentMethods.get(methodId)?.object.customer).toBeNull();
    await expect(provider.detachCard(methodId)).resolves.toBeUndefined();
    await expect(provider.detachCard("pm_gone")).resolves.toBeUndefined();
    // A detached card cannot be charged any more: Stripe refuses, and that is an error, not a decline.
    await expect(provider.createPayment(payment(customerId, methodId))).rejects.toBeInstanceOf(PaymentRefused);
  });
});

describe("payments with Stripe's test cards", () => {
  it("charges 4242 off-session: succeeded, in the portal's currency, with the portal payment id", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_visa");
    const result = await provider.createPayment(payment(customerId, methodId, { portalPaymentId: "pay-42" }));
    expect(result).toMatchObject({ status: "succeeded", amountMinor: 1500, currency: "EUR", customerId, paymentMethodId: methodId, failure: null, portalPaymentId: "pay-42" });
    expect(fake.state.requests.at(-1)?.form).toMatchObject({ currency: "eur", confirm: "true", off_session: "true", metadata: { payment_id: "pay-42" } });
    expect(fake.chargeCount("succeeded")).toBe(1);
    expect(await provider.retrievePayment(result.id)).toEqual(result);
  });

  it.each([
    ["pm_card_chargeDeclined", "generic_decline", "Your card was declined."],
    ["pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", "Your card has insufficient funds."],
  ])("returns a decline of %s as a failed payment with Stripe's codes", async (card, declineCode, message) => {
    const customerId = await customer();
    const result = await provider.createPayment(payment(customerId, card));
    expect(result.status).toBe("failed");
    // The message is Stripe's own, without the request id the SDK puts in front of error messages.
    expect(result.failure).toEqual({ code: "card_declined", declineCode, message });
    expect(result.id).toMatch(/^pi_/);
    expect(await provider.retrievePayment(result.id)).toMatchObject({ status: "failed", failure: { code: "card_declined", declineCode } });
    expect(fake.chargeCount("succeeded")).toBe(0);
  });

  it("saves 0341 but every charge on it fails", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_chargeCustomerFail");
    const result = await provider.createPayment(payment(customerId, methodId));
    expect(result).toMatchObject({ status: "failed", failure: { code: "card_declined", declineCode: "generic_decline" } });
  });

  it("3184 off-session: failed with authentication_required; on-session it needs the customer, then succeeds", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_authenticationRequired");
    const offSession = await provider.createPayment(payment(customerId, methodId));
    expect(offSession.status).toBe("failed");
    expect(offSession.failure?.code).toBe("authentication_required");
    expect(fake.chargeCount("succeeded")).toBe(0);

    // The portal asks the customer back and confirms the same intent on-session.
    const onSession = await provider.confirmPaymentOnSession(offSession.id, { paymentMethodId: methodId, returnUrl: "https://portal.example/pay" });
    expect(onSession).toMatchObject({ id: offSession.id, status: "requires_action", failure: null });
    expect(onSession.clientSecret).toMatch(/_secret_/);
    fake.authenticatePayment(offSession.id);
    expect((await provider.retrievePayment(offSession.id)).status).toBe("succeeded");
    expect(fake.chargeCount("succeeded")).toBe(1);
  });

  it("3184 on-session from the start: requires_action, and a failed authentication is a failure", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_authenticationRequired");
    const result = await provider.createPayment(payment(customerId, methodId, { offSession: false }));
    expect(result.status).toBe("requires_action");
    fake.authenticatePayment(result.id, { succeed: false });
    expect(await provider.retrievePayment(result.id)).toMatchObject({ status: "failed", failure: { code: "payment_intent_authentication_failure" } });
  });

  it("3155 needs authentication only when it was not set up for off-session use", async () => {
    const customerId = await customer();
    const setUp = await savedCard(customerId, "pm_card_authenticationRequiredOnSetup");
    expect((await provider.createPayment(payment(customerId, setUp))).status).toBe("succeeded");

    const attachedOnly = fake.attachCard(customerId, "pm_card_authenticationRequiredOnSetup");
    const result = await provider.createPayment(payment(customerId, attachedOnly));
    expect(result).toMatchObject({ status: "failed", failure: { code: "authentication_required" } });
  });
});

describe("exactly once", () => {
  it("the same idempotency key returns the same intent and charges once", async () => {
    const customerId = await customer();
    const methodId = await savedCard(customerId, "pm_card_visa");
    const input = payment(customerId, methodId, { idempotencyKey: "payment:p-1:1" });
    const first = await provider.createPayment(input);
    const again = await provider.createPayment(input);
    expect(again).toEqual(first);
    expect(fake.state.paymentIntents.size).toBe(1);
    expect(fake.chargeCount()).toBe(1);
  });

  it("a declined create replayed with its key is the same decline, not a second attempt", async () => {
    const customerId = await customer();
    const input = payment(customerId, "pm_card_chargeDeclined", { idempotencyKey: "payment:p-2:1" });
    const first = await provider.createPayment(input);
    expect(await provider.createPayment(input)).toEqual(first);
    expect(fake.chargeCount()).toBe(1);
  });

  it("a key reused with other parameters is refused", async () => {
    const customerId = await customer();
    await provider.createPayment(payment(customerId, "pm_card_visa", { idempotencyKey: "payment:p-3:1" }));
    await expect(provider.createPayment(payment(customerId, "pm_card_visa", { idempotencyKey: "payment:p-3:1", amountMinor: 999 }))).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it("an answer lost on the network is retried by the SDK with the same key: one charge", async () => {
    const customerId = await customer();
    fake.failNextRequests({ afterProcessing: true });
    const result = await provider.createPayment(payment(customerId, "pm_card_visa", { idempotencyKey: "payment:p-4:1" }));
    expect(result.status).toBe("succeeded");
    const attempts = fake.state.requests.filter((r) => r.path === "/v1/payment_intents");
    expect(attempts.map((r) => r.idempotencyKey)).toEqual(["payment:p-4:1", "payment:p-4:1"]);
    expect(fake.chargeCount()).toBe(1);
  });

  it("network failures beyond the two retries throw", async () => {
    const customerId = await customer();
    fake.failNextRequests({ times: 3 });
    await expect(provider.createPayment(payment(customerId, "pm_card_visa"))).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.state.requests.filter((r) => r.path === "/v1/payment_intents")).toHaveLength(3);
    expect(fake.chargeCount()).toBe(0);
  }, 15_000);

  it("an invalid request is refused for good instead of looking like a decline", async () => {
    await expect(provider.createPayment(payment("cus_missing", "pm_card_visa"))).rejects.toBeInstanceOf(PaymentRefused);
    await expect(provider.retrievePayment("pi_missing")).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe("refunds", () => {
  it("refunds part, then the rest, once per key, and never more than was paid", async () => {
    const customerId = await customer();
    const paid = await provider.createPayment(payment(customerId, "pm_card_visa", { amountMinor: 1000 }));
    const part = await provider.refund({ paymentId: paid.id, amountMinor: 400, idempotencyKey: "refund:1" });
    expect(part).toEqual({ id: expect.stringMatching(/^re_/), status: "succeeded", amountMinor: 400, paymentId: paid.id });
    expect(await provider.refund({ paymentId: paid.id, amountMinor: 400, idempotencyKey: "refund:1" })).toEqual(part);
    expect(fake.state.requests.at(-1)?.form).toEqual({ payment_intent: paid.id, amount: "400" });
    await expect(provider.refund({ paymentId: paid.id, amountMinor: 601, idempotencyKey: "refund:2" })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((await provider.refund({ paymentId: paid.id, amountMinor: 600, idempotencyKey: "refund:3" })).amountMinor).toBe(600);
    expect(fake.state.refunds.size).toBe(2);
  });
});
