import type Stripe from "stripe";
import { now } from "@/lib/clock";
import {
  buildCustomer,
  buildPaymentIntent,
  buildPaymentMethod,
  buildRefund,
  buildSetupIntent,
  FakeStripeError,
  invalidRequest,
  list,
  record,
  TEST_CARDS,
  text,
  type Form,
  type TestCard,
} from "./fake-stripe-objects";
import { confirmIntent, type StoredMethod } from "./fake-stripe-payments";

// The fake Stripe's API endpoints over its in-memory objects (fake-stripe.ts puts them behind
// the SDK's HTTP client and adds idempotency and network faults).

export type FakeCharge = { id: string; paymentIntentId: string; amount: number; currency: string; outcome: "succeeded" | "failed" };
export type FakeRequest = { method: string; path: string; idempotencyKey: string | null; form: Form; headers: Record<string, string> };
export type Answer = { status: number; body: unknown };

const missing = (kind: string, id: string, param?: string) => invalidRequest(`No such ${kind}: '${id}'`, "resource_missing", param);

export type FakeStripeState = {
  customers: Map<string, Stripe.Customer>;
  paymentMethods: Map<string, StoredMethod>;
  setupIntents: Map<string, Stripe.SetupIntent>;
  paymentIntents: Map<string, Stripe.PaymentIntent>;
  refunds: Map<string, Stripe.Refund>;
  charges: FakeCharge[];
  requests: FakeRequest[];
};

// Since 2026-09-30.endive the list of allowed types is allowed_payment_method_types; the old
// name is refused, as Stripe refuses any unknown parameter.
function allowedTypes(form: Form): string[] {
  if (form.payment_method_types !== undefined) throw invalidRequest("Received unknown parameter: payment_method_types", "parameter_unknown", "payment_method_types");
  return list(form.allowed_payment_method_types);
}

export function createFakeStripeApi(state: FakeStripeState) {
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_fake${String(++sequence).padStart(6, "0")}`;
  const seconds = () => Math.floor(now().getTime() / 1000);

  // A test-card id is a token: each use makes a new payment method, as in Stripe's test mode.
  function methodOf(id: string): StoredMethod {
    const stored = state.paymentMethods.get(id);
    if (stored) return stored;
    const card = TEST_CARDS[id];
    if (!card) throw missing("PaymentMethod", id, "payment_method");
    return newMethod(card);
  }
  function newMethod(card: TestCard): StoredMethod {
    const method: StoredMethod = { object: buildPaymentMethod(nextId("pm"), card, seconds()), card, setUp: false, detached: false };
    state.paymentMethods.set(method.object.id, method);
    return method;
  }
  function attach(method: StoredMethod, customerId: string) {
    if (!state.customers.has(customerId)) throw missing("customer", customerId, "customer");
    method.object.customer = customerId;
  }
  function found<T>(map: Map<string, T>, kind: string, id: string): T {
    const value = map.get(id);
    if (!value) throw missing(kind, id);
    return value;
  }
  const charge = (intent: Stripe.PaymentIntent, outcome: FakeCharge["outcome"]) => {
    const id = nextId("ch");
    state.charges.push({ id, paymentIntentId: intent.id, amount: intent.amount, currency: intent.currency, outcome });
    return id;
  };

  function createPaymentIntent(form: Form): Stripe.PaymentIntent {
    const amount = Number(text(form.amount));
    if (!Number.isInteger(amount) || amount < 1) throw invalidRequest("Invalid positive integer", "parameter_invalid_integer", "amount");
    const currency = text(form.currency);
    if (!currency) throw invalidRequest("Missing required param: currency.", "parameter_missing", "currency");
    const customer = text(form.customer) ?? null;
    if (customer && !state.customers.has(customer)) throw missing("customer", customer, "customer");
    const methodId = text(form.payment_method);
    const method = methodId ? methodOf(methodId) : null;
    const types = allowedTypes(form);
    const intent = buildPaymentIntent(nextId("pi"), seconds(), {
      amount,
      currency: currency.toLowerCase(),
      customer,
      payment_method: method?.object.id ?? null,
      description: text(form.description) ?? null,
      metadata: record(form.metadata),
      allowed_payment_method_types: types.length > 0 ? types : null,
      payment_method_types: types.length > 0 ? types : ["card"],
      automatic_payment_methods: types.length > 0 ? null : { enabled: true },
    });
    state.paymentIntents.set(intent.id, intent);
    if (text(form.confirm) !== "true") return intent;
    if (!method) throw invalidRequest("You must provide a payment_method to confirm.", "payment_intent_unexpected_state");
    return confirmIntent({ intent, method, offSession: text(form.off_session) === "true", returnUrl: text(form.return_url), charge });
  }

  function confirmPaymentIntent(id: string, form: Form): Stripe.PaymentIntent {
    const intent = found(state.paymentIntents, "payment_intent", id);
    if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(intent.status)) {
      throw invalidRequest(`This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`, "payment_intent_unexpected_state");
    }
    const methodId = text(form.payment_method) ?? (typeof intent.payment_method === "string" ? intent.payment_method : undefined);
    if (!methodId) throw invalidRequest("You must provide a payment_method to confirm.", "payment_intent_unexpected_state");
    const method = methodOf(methodId);
    intent.payment_method = method.object.id;
    return confirmIntent({ intent, method, offSession: text(form.off_session) === "true", returnUrl: text(form.return_url), charge });
  }

  function createRefund(form: Form): Stripe.Refund {
    const intentId = text(form.payment_intent);
    if (!intentId) throw invalidRequest("Missing required param: payment_intent.", "parameter_missing", "payment_intent");
    const intent = found(state.paymentIntents, "payment_intent", intentId);
    if (intent.status !== "succeeded") throw invalidRequest(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, "charge_not_refundable");
    const refunded = [...state.refunds.values()].filter((r) => r.payment_intent === intentId).reduce((sum, r) => sum + r.amount, 0);
    const amount = form.amount === undefined ? intent.amount - refunded : Number(text(form.amount));
    if (!Number.isInteger(amount) || amount < 1 || refunded + amount > intent.amount) {
      throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${intent.amount - refunded})`, "amount_too_large", "amount");
    }
    const refund = buildRefund(nextId("re"), seconds(), intent, amount);
    state.refunds.set(refund.id, refund);
    return refund;
  }

  function detach(id: string): Stripe.PaymentMethod {
    const method = found(state.paymentMethods, "payment_method", id);
    if (!method.object.customer) throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.");
    method.object.customer = null;
    method.detached = true;
    return method.object;
  }

  function route(method: string, path: string, form: Form): unknown {
    const [, resource = "", id, action] = path.split("/").slice(1);
    const key = `${method} ${resource}${id ? "/:id" : ""}${action ? `/${action}` : ""}`;
    const expand = new Set(list(form.expand));
    switch (key) {
      case "POST customers": {
        const customer = buildCustomer(nextId("cus"), seconds(), { email: text(form.email) ?? null, name: text(form.name) ?? null, metadata: record(form.metadata) });
        state.customers.set(customer.id, customer);
        return customer;
      }
      case "GET customers/:id":
        return found(state.customers, "customer", id ?? "");
      case "POST setup_intents": {
        const customer = text(form.customer) ?? null;
        if (customer && !state.customers.has(customer)) throw missing("customer", customer, "customer");
        const types = allowedTypes(form);
        const setup = buildSetupIntent(nextId("seti"), seconds(), {
          customer,
          usage: text(form.usage) ?? "off_session",
          allowed_payment_method_types: types.length > 0 ? types : null,
          payment_method_types: types.length > 0 ? types : ["card"],
          automatic_payment_methods: types.length > 0 ? null : { enabled: true, allow_redirects: "always" },
          metadata: record(form.metadata),
        });
        state.setupIntents.set(setup.id, setup);
        return setup;
      }
      case "GET setup_intents/:id": {
        const setup = found(state.setupIntents, "setup_intent", id ?? "");
        const methodId = typeof setup.payment_method === "string" ? setup.payment_method : null;
        const method = methodId ? state.paymentMethods.get(methodId) : undefined;
        return expand.has("payment_method") && method ? { ...setup, payment_method: method.object } : setup;
      }
      case "GET payment_methods/:id":
        return found(state.paymentMethods, "payment_method", id ?? "").object;
      case "POST payment_methods/:id/detach":
        return detach(id ?? "");
      case "POST payment_intents":
        return createPaymentIntent(form);
      case "GET payment_intents/:id":
        return found(state.paymentIntents, "payment_intent", id ?? "");
      case "POST payment_intents/:id/confirm":
        return confirmPaymentIntent(id ?? "", form);
      case "POST refunds":
        return createRefund(form);
      case "GET refunds/:id":
        return found(state.refunds, "refund", id ?? "");
      default:
        throw new FakeStripeError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
    }
  }

  function answer(method: string, path: string, form: Form): Answer {
    try {
      return { status: 200, body: structuredClone(route(method, path, form)) };
    } catch (error) {
      if (error instanceof FakeStripeError) return { status: error.status, body: { error: error.body } };
      throw error;
    }
  }

  return { answer, nextId, newMethod, attach, found, charge };
}

export type FakeStripeApi = ReturnType<typeof createFakeStripeApi>;

