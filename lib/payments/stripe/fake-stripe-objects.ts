import type Stripe from "stripe";
import customerFixture from "./fixtures/customer.json";
import eventFixture from "./fixtures/event.json";
import paymentIntentFixture from "./fixtures/payment-intent.json";
import paymentMethodFixture from "./fixtures/payment-method.json";
import refundFixture from "./fixtures/refund.json";
import setupIntentFixture from "./fixtures/setup-intent.json";

// Test support for fake-stripe.ts: Stripe's test cards and the API objects the fake answers with,
// built from Stripe's own fixtures (fixtures/, from stripe's OpenAPI fixtures3.json) with the
// fields a request decides overridden, so the SDK and the transforms read real shapes.

export type TestCard = {
  brand: string;
  last4: string;
  // Every charge fails with this (the card itself attaches fine).
  decline?: { code: string; declineCode: string; message: string };
  // "always": 3184, the bank wants the customer for every payment. "unless_set_up": 3155, only
  // a card saved through a SetupIntent for off-session use goes through without the customer.
  authentication?: "always" | "unless_set_up";
};

// An error the fake answers with, in Stripe's JSON shape ({ error: body }).
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

export const invalidRequest = (message: string, code?: string, param?: string) =>
  new FakeStripeError(400, { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}) });

const GENERIC_DECLINE = { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };

// By payment method id, as Stripe's test mode accepts them (pm_card_visa…).
export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: "visa", last4: "4242" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002", decline: GENERIC_DECLINE },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    decline: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  },
  pm_card_chargeCustomerFail: { brand: "visa", last4: "0341", decline: GENERIC_DECLINE },
  pm_card_authenticationRequired: { brand: "visa", last4: "3184", authentication: "always" },
  pm_card_authenticationRequiredOnSetup: { brand: "visa", last4: "3155", authentication: "unless_set_up" },
};

export const AUTHENTICATION_REQUIRED = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

const fixtures = {
  customer: customerFixture as unknown as Stripe.Customer,
  paymentIntent: paymentIntentFixture as unknown as Stripe.PaymentIntent,
  paymentMethod: paymentMethodFixture as unknown as Stripe.PaymentMethod,
  refund: refundFixture as unknown as Stripe.Refund,
  setupIntent: setupIntentFixture as unknown as Stripe.SetupIntent,
};

const copy = <T>(value: T): T => structuredClone(value);

export function buildCustomer(id: string, created: number, fields: { email: string | null; name: string | null; metadata: Record<string, string> }): Stripe.Customer {
  return { ...copy(fixtures.customer), id, created, discount: null, ...fields };
}

export function buildPaymentMethod(id: string, card: TestCard, created: number): Stripe.PaymentMethod {
  const base = copy(fixtures.paymentMethod);
  const fixtureCard = base.card;
  if (!fixtureCard) throw new Error("payment method fixture has no card");
  return {
    ...base,
    id,
    created,
    customer: null,
    metadata: {},
    card: { ...fixtureCard, brand: card.brand, display_brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, wallet: null },
  };
}

type SetupFields = "customer" | "usage" | "allowed_payment_method_types" | "payment_method_types" | "automatic_payment_methods" | "metadata";

export function buildSetupIntent(id: string, created: number, fields: Pick<Stripe.SetupIntent, SetupFields>): Stripe.SetupIntent {
  return {
    ...copy(fixtures.setupIntent),
    id,
    created,
    client_secret: `${id}_secret_fake`,
    status: "requires_payment_method",
    last_setup_error: null,
    next_action: null,
    payment_method: null,
    ...fields,
  };
}

type IntentFields = SetupFields | "amount" | "currency" | "payment_method" | "description";

export function buildPaymentIntent(id: string, created: number, fields: Pick<Stripe.PaymentIntent, Exclude<IntentFields, "usage">>): Stripe.PaymentIntent {
  return {
    ...copy(fixtures.paymentIntent),
    id,
    created,
    client_secret: `${id}_secret_fake`,
    status: fields.payment_method ? "requires_confirmation" : "requires_payment_method",
    canceled_at: null,
    last_payment_error: null,
    next_action: null,
    latest_charge: null,
    processing: null,
    transfer_data: null,
    managed_payments: null,
    ...fields,
  };
}

export function buildRefund(id: string, created: number, intent: Stripe.PaymentIntent, amount: number): Stripe.Refund {
  return {
    ...copy(fixtures.refund),
    id,
    created,
    amount,
    currency: intent.currency,
    payment_intent: intent.id,
    charge: typeof intent.latest_charge === "string" ? intent.latest_charge : null,
    status: "succeeded",
  };
}

// An event as Stripe delivers it to a webhook endpoint, about `object`.
export function buildEvent(type: string, object: { id: string; object: string; [field: string]: unknown }, id = `evt_fake_${type.replace(/\W/g, "_")}`) {
  return { ...structuredClone(eventFixture), id, type, data: { object } };
}

// Stripe's v1 form encoding (a[b]=1&list[0]=x) into nested records; lists stay records keyed
// "0", "1"…, read back with `list`.
export type Form = { [key: string]: string | Form };

export function parseForm(encoded: string): Form {
  const form: Form = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const [head = key, ...rest] = key.split("[").map((part) => part.replace(/]$/, ""));
    const path = [head, ...rest];
    let node: Form = form;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next === "object") node = next;
      else node = node[part] = {};
    });
  }
  return form;
}

export const text = (value: string | Form | undefined): string | undefined => (typeof value === "string" ? value : undefined);
export const list = (value: string | Form | undefined): string[] =>
  typeof value === "object" ? Object.values(value).filter((v): v is string => typeof v === "string") : [];
export const record = (value: string | Form | undefined): Record<string, string> =>
  typeof value === "object" ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string")) : {};
