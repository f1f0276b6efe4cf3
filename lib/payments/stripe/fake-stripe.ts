import Stripe from "stripe";
import { now } from "@/lib/clock";
import type { PaymentProvider } from "../provider";
import { createFakeStripeApi, type Answer, type FakeCharge, type FakeStripeState } from "./fake-stripe-api";
import { parseForm, TEST_CARDS } from "./fake-stripe-objects";
import { createStripeProvider } from "./provider";

// A fake Stripe API for tests, behind the SDK's httpClient hook: the real SDK (encoding, retries,
// error classes) talks to an in-memory Stripe that keeps customers, setup intents, payment
// methods, payment intents and refunds, replays Idempotency-Key like Stripe, counts charges and
// answers like Stripe's test cards. Imported only by tests.

export type { FakeCharge, FakeRequest, FakeStripeState } from "./fake-stripe-api";

class FakeResponse extends Stripe.HttpClientResponse {
  constructor(
    status: number,
    headers: Record<string, string>,
    private readonly body: string,
  ) {
    super(status, headers);
  }
  getRawResponse(): object {
    return {};
  }
  toStream(): never {
    throw new Error("fake-stripe does not stream");
  }
  toJSON(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.body));
  }
}

type Handler = (request: { method: string; path: string; body: string; headers: Record<string, string | number | string[]> }) => Promise<FakeResponse>;

class FakeHttpClient extends Stripe.HttpClient {
  constructor(private readonly handle: Handler) {
    super();
  }
  getClientName(): string {
    return "fake-stripe";
  }
  makeRequest(_host: string, _port: string, path: string, method: string, headers: Record<string, string | number | string[]>, body: string) {
    return this.handle({ method, path, body, headers });
  }
}

function header(headers: Record<string, string | number | string[]>, name: string): string | null {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry ? String(entry[1]) : null;
}

// A socket error the SDK treats as a network failure (and retries, with the same key).
function connectionReset(): Error {
  return Object.assign(new Error("socket hang up (fake-stripe)"), { code: "ECONNRESET" });
}

export type FakeStripe = {
  httpClient: Stripe.HttpClient;
  state: FakeStripeState;
  // A provider on this fake (secret key "sk_test_fake").
  provider(): PaymentProvider;
  // What Stripe.js confirmSetup does once the customer entered `card` (a test-card id) in the
  // Payment Element: a new payment method, attached and set up for off-session use, or, when the
  // card asks for authentication and the customer fails it, the setup back to requires_payment_method.
  completeSetup(setupId: string, card: string, options?: { authenticated?: boolean }): Stripe.SetupIntent;
  // A card attached to a customer without a SetupIntent (so never set up for off-session use).
  attachCard(customerId: string, card: string): string;
  // What Stripe.js handleNextAction does: the customer passes (or fails) 3-D Secure.
  authenticatePayment(paymentIntentId: string, options?: { succeed?: boolean }): Stripe.PaymentIntent;
  // Stripe moving an intent on by itself (processing → succeeded, say).
  updatePaymentIntent(id: string, patch: Partial<Stripe.PaymentIntent>): Stripe.PaymentIntent;
  // The next `times` requests fail at the network; afterProcessing: Stripe acted, the answer was lost.
  failNextRequests(options?: { times?: number; afterProcessing?: boolean }): void;
  chargeCount(outcome?: FakeCharge["outcome"]): number;
};

export function createFakeStripe(): FakeStripe {
  const state: FakeStripeState = {
    customers: new Map(),
    paymentMethods: new Map(),
    setupIntents: new Map(),
    paymentIntents: new Map(),
    refunds: new Map(),
    charges: [],
    requests: [],
  };
  // By Idempotency-Key: the request it was first used with and the answer, replayed as Stripe
  // does (same body, same request id) for the same request, refused for a different one.
  const replays = new Map<string, { request: string; answer: Answer; requestId: string }>();
  const faults: Array<{ afterProcessing: boolean }> = [];
  const { answer, attach, charge, found, newMethod, nextId } = createFakeStripeApi(state);

  const handler: Handler = async ({ method, path: fullPath, body, headers }) => {
    const [path = "", query = ""] = fullPath.split("?");
    const form = parseForm(method === "GET" ? query : body);
    const idempotencyKey = method === "POST" ? header(headers, "idempotency-key") : null;
    const flatHeaders = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), String(value)]));
    state.requests.push({ method, path, idempotencyKey, form, headers: flatHeaders });
    const fault = faults.shift();
    if (fault && !fault.afterProcessing) throw connectionReset();
    let result: Answer;
    let requestId = nextId("req");
    let replayed = false;
    const signature = `${method} ${path} ${body}`;
    const earlier = idempotencyKey ? replays.get(idempotencyKey) : undefined;
    if (earlier && earlier.request !== signature) {
      const message =
        "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
        `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
      result = { status: 400, body: { error: { type: "idempotency_error", message } } };
    } else if (earlier) {
      result = earlier.answer;
      requestId = earlier.requestId;
      replayed = true;
    } else {
      result = answer(method, path, form);
      if (idempotencyKey) replays.set(idempotencyKey, { request: signature, answer: result, requestId });
    }
    if (fault) throw connectionReset();
    const responseHeaders: Record<string, string> = { "content-type": "application/json", "request-id": requestId };
    if (replayed) responseHeaders["idempotent-replayed"] = "true";
    return new FakeResponse(result.status, responseHeaders, JSON.stringify(result.body));
  };

  const httpClient = new FakeHttpClient(handler);

  return {
    httpClient,
    state,
    provider: () => createStripeProvider({ secretKey: "sk_test_fake", httpClient }),
    completeSetup(setupId, card, { authenticated = true } = {}) {
      const setup = found(state.setupIntents, "setup_intent", setupId);
      const testCard = TEST_CARDS[card];
      if (!testCard) throw new Error(`fake-stripe: unknown test card ${card}`);
      const method = newMethod(testCard);
      if (testCard.authentication && !authenticated) {
        setup.status = "requires_payment_method";
        setup.last_setup_error = { type: "card_error", code: "setup_intent_authentication_failure", message: "We are unable to authenticate your payment method." };
        return structuredClone(setup);
      }
      if (typeof setup.customer === "string") attach(method, setup.customer);
      method.setUp = setup.usage === "off_session";
      Object.assign(setup, { status: "succeeded", payment_method: method.object.id, last_setup_error: null, next_action: null });
      return structuredClone(setup);
    },
    attachCard(customerId, card) {
      const testCard = TEST_CARDS[card];
      if (!testCard) throw new Error(`fake-stripe: unknown test card ${card}`);
      const method = newMethod(testCard);
      attach(method, customerId);
      return method.object.id;
    },
    authenticatePayment(paymentIntentId, { succeed = true } = {}) {
      const intent = found(state.paymentIntents, "payment_intent", paymentIntentId);
      if (intent.status !== "requires_action") throw new Error(`fake-stripe: ${paymentIntentId} is ${intent.status}, not requires_action`);
      if (succeed) {
        Object.assign(intent, { status: "succeeded", amount_received: intent.amount, next_action: null, latest_charge: charge(intent, "succeeded") });
      } else {
        Object.assign(intent, {
          status: "requires_payment_method",
          next_action: null,
          last_payment_error: { type: "card_error", code: "payment_intent_authentication_failure", message: "We are unable to authenticate your payment method." },
        });
      }
      return structuredClone(intent);
    },
    updatePaymentIntent(id, patch) {
      const intent = found(state.paymentIntents, "payment_intent", id);
      Object.assign(intent, patch);
      return structuredClone(intent);
    },
    failNextRequests({ times = 1, afterProcessing = false } = {}) {
      for (let i = 0; i < times; i++) faults.push({ afterProcessing });
    },
    chargeCount: (outcome) => state.charges.filter((c) => !outcome || c.outcome === outcome).length,
  };
}

export { buildEvent as stripeEvent } from "./fake-stripe-objects";

// A webhook as Stripe sends it: the raw body and its Stripe-Signature header, signed at
// `timestampSeconds` (default: the portal clock).
export function signedWebhook(payload: unknown, secret: string, timestampSeconds?: number): { body: string; signature: string } {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const timestamp = timestampSeconds ?? Math.floor(now().getTime() / 1000);
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) };
}
