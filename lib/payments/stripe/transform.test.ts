import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import customerJson from "./fixtures/customer.json";
import eventJson from "./fixtures/event.json";
import paymentIntentJson from "./fixtures/payment-intent.json";
import paymentMethodJson from "./fixtures/payment-method.json";
import refundJson from "./fixtures/refund.json";
import setupIntentJson from "./fixtures/setup-intent.json";
import { toCardDetails, toPaymentStatus, toProviderEvent, toProviderPayment, toProviderRefund, toProviderSetup, toRefundStatus } from "./transform";

// Against Stripe's own fixtures (stripe's OpenAPI fixtures3.json, copied into fixtures/), with
// the fields a case needs overridden.
const paymentIntent = paymentIntentJson as unknown as Stripe.PaymentIntent;
const setupIntent = setupIntentJson as unknown as Stripe.SetupIntent;
const paymentMethod = paymentMethodJson as unknown as Stripe.PaymentMethod;
const refund = refundJson as unknown as Stripe.Refund;
const customer = customerJson as unknown as Stripe.Customer;

describe("payment intents", () => {
  it("maps the fixture: an intent left in requires_payment_method with an error is failed", () => {
    expect(toProviderPayment(paymentIntent)).toEqual({
      id: "pi_1PgafyB7WZ01zgkWSjxsAJo3",
      status: "failed",
      amountMinor: 1099,
      currency: "USD",
      customerId: null,
      paymentMethodId: null,
      clientSecret: "pi_1PgafyB7WZ01zgkWSjxsAJo3_secret_Dm43xiq1k0ywrRRjDoi8y1gkM",
      // The fixture's error has only a type: the type stands in for the missing code.
      failure: { code: "idempotency_error", declineCode: null, message: "The card payment failed." },
      portalPaymentId: null,
    });
  });

  it("maps a succeeded intent with an expanded customer and the portal payment id", () => {
    const intent: Stripe.PaymentIntent = {
      ...paymentIntent,
      status: "succeeded",
      last_payment_error: null,
      customer,
      payment_method: paymentMethod,
      metadata: { payment_id: "pay-1" },
    };
    expect(toProviderPayment(intent)).toMatchObject({
      status: "succeeded",
      customerId: "cus_QXg1o8vcGmoR32",
      paymentMethodId: "pm_1Pgc75B7WZ01zgkWlHVgdEGJ",
      failure: null,
      portalPaymentId: "pay-1",
    });
  });

  it("keeps a decline's code, decline code and message", () => {
    const intent: Stripe.PaymentIntent = {
      ...paymentIntent,
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
    };
    expect(toProviderPayment(intent).failure).toEqual({ code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." });
  });

  it("counts an intent never attempted as failed, saying no card was charged", () => {
    const failure = toProviderPayment({ ...paymentIntent, last_payment_error: null }).failure;
    expect(failure?.code).toBe("requires_payment_method");
  });

  it.each([
    ["succeeded", "succeeded"],
    ["processing", "processing"],
    ["requires_capture", "processing"],
    ["requires_action", "requires_action"],
    ["requires_confirmation", "requires_action"],
    ["requires_payment_method", "failed"],
    ["canceled", "canceled"],
    ["some_future_status", "processing"],
  ] as const)("status %s → %s", (stripeStatus, portalStatus) => {
    expect(toPaymentStatus(stripeStatus)).toBe(portalStatus);
  });
});

describe("setup intents and cards", () => {
  it("maps the fixture setup intent", () => {
    expect(toProviderSetup(setupIntent)).toEqual({
      id: "seti_1Pgag7B7WZ01zgkWSgwGdb8Z",
      status: "requires_payment_method",
      customerId: null,
      clientSecret: "seti_1Pgag7B7WZ01zgkWSgwGdb8Z_secret_QXg2AQLdBxJwtY51IkwvUaBVsnCqPSp",
      card: null,
      failure: { code: "idempotency_error", declineCode: null, message: "The card could not be saved." },
    });
  });

  it("reads the card of a succeeded setup when payment_method is expanded, not when it is an id", () => {
    const done: Stripe.SetupIntent = { ...setupIntent, status: "succeeded", last_setup_error: null, customer: "cus_1", payment_method: paymentMethod };
    expect(toProviderSetup(done)).toMatchObject({
      status: "succeeded",
      customerId: "cus_1",
      card: { providerMethodId: "pm_1Pgc75B7WZ01zgkWlHVgdEGJ", brand: "visa", last4: "4242", expMonth: 8, expYear: 2030 },
      failure: null,
    });
    expect(toProviderSetup({ ...done, payment_method: "pm_1" }).card).toBeNull();
  });

  it("maps the payment method fixture; a method without a card has no card details", () => {
    expect(toCardDetails(paymentMethod)).toEqual({ providerMethodId: "pm_1Pgc75B7WZ01zgkWlHVgdEGJ", brand: "visa", last4: "4242", expMonth: 8, expYear: 2030 });
    expect(toCardDetails({ ...paymentMethod, type: "sepa_debit", card: undefined })).toBeNull();
  });
});

describe("refunds", () => {
  it("maps the fixture (a refund of a bare charge names the charge)", () => {
    expect(toProviderRefund(refund)).toEqual({ id: "re_1Pgc72B7WZ01zgkWqPvrRrPE", status: "succeeded", amountMinor: 100, paymentId: "ch_1PgafuB7WZ01zgkWXYmPNZs8" });
  });

  it("names the payment intent when the refund has one", () => {
    expect(toProviderRefund({ ...refund, payment_intent: "pi_1", status: "pending" })).toMatchObject({ paymentId: "pi_1", status: "pending" });
  });

  it.each([
    ["pending", "pending"],
    ["requires_action", "pending"],
    [null, "pending"],
    ["succeeded", "succeeded"],
    ["failed", "failed"],
    ["canceled", "canceled"],
  ] as const)("status %s → %s", (stripeStatus, portalStatus) => {
    expect(toRefundStatus(stripeStatus)).toBe(portalStatus);
  });
});

describe("events", () => {
  it("maps the fixture event to its object", () => {
    expect(toProviderEvent(eventJson)).toEqual({ id: "evt_1Pgc76B7WZ01zgkWwyRHS12y", type: "plan.created", objectId: "price_1PgafmB7WZ01zgkW6dKueIc5", objectType: "plan" });
  });
});
