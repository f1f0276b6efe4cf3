import { randomUUID } from "node:crypto";
import type { CreatePayment, PaymentFailure, PaymentProvider, ProviderPayment, ProviderRefund, ProviderSetup } from "../provider";

// An in-memory PaymentProvider for database tests. It answers as Stripe would (a decline is a
// failed payment, not an error; an off-session charge the bank wants authenticated fails with
// authentication_required) and honours idempotency keys, so a test can count real charges and
// replay the "crash after the charge" case. It calls itself "sandbox" so the portal's rows and
// lookups (payment_customers.provider) work as with the built-in sandbox.

export type FakeOutcome =
  | { kind: "succeed" }
  | { kind: "decline"; code: string; declineCode: string | null }
  | { kind: "authentication_required" }
  // A network error before anything was charged.
  | { kind: "throw" }
  // The charge is made, then the answer is lost: the same key later reaches that charge.
  | { kind: "throwAfterCharge" };

export const outcome: {
  succeed: FakeOutcome;
  decline(code: string, declineCode?: string | null): FakeOutcome;
  authenticationRequired: FakeOutcome;
  throw: FakeOutcome;
  throwAfterCharge: FakeOutcome;
} = {
  succeed: { kind: "succeed" },
  decline: (code, declineCode = null) => ({ kind: "decline", code, declineCode }),
  authenticationRequired: { kind: "authentication_required" },
  throw: { kind: "throw" },
  throwAfterCharge: { kind: "throwAfterCharge" },
};

export type FakeCharge = ProviderPayment & { idempotencyKey: string; offSession: boolean; description: string };

export type FakeProvider = PaymentProvider & {
  // A card saved for off-session use by this provider customer; its charges succeed until told otherwise.
  setupCard(customerId: string, result?: FakeOutcome): string;
  setOutcome(paymentMethodId: string, result: FakeOutcome): void;
  // Distinct payments created (declined ones included): what a customer would see on a statement.
  charges(): number;
  payments(): FakeCharge[];
  // Calls to createPayment, replays included.
  calls(): number;
};

const AUTHENTICATION_REQUIRED: PaymentFailure = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

export function createFakeProvider(): FakeProvider {
  const customers = new Map<string, string>();
  const cards = new Map<string, { customerId: string; result: FakeOutcome; detached: boolean }>();
  const setups = new Map<string, ProviderSetup>();
  const byKey = new Map<string, FakeCharge>();
  const byId = new Map<string, FakeCharge>();
  const refunds = new Map<string, ProviderRefund>();
  let calls = 0;

  const id = (prefix: string) => `${prefix}_fake_${randomUUID().replace(/-/g, "")}`;
  const copy = (charge: FakeCharge): ProviderPayment => ({
    id: charge.id,
    status: charge.status,
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    customerId: charge.customerId,
    paymentMethodId: charge.paymentMethodId,
    clientSecret: charge.clientSecret,
    failure: charge.failure,
    portalPaymentId: charge.portalPaymentId,
  });

  function charge(input: CreatePayment): FakeCharge {
    const card = cards.get(input.paymentMethodId);
    if (!card || card.customerId !== input.customerId) throw new Error(`fake provider: no such card ${input.paymentMethodId} for ${input.customerId}`);
    const paymentId = id("pi");
    const base = {
      id: paymentId,
      amountMinor: input.amountMinor,
      currency: input.currency.toLowerCase(),
      customerId: input.customerId,
      paymentMethodId: input.paymentMethodId,
      clientSecret: null,
      portalPaymentId: input.portalPaymentId,
      idempotencyKey: input.idempotencyKey,
      offSession: input.offSession,
      description: input.description,
    };
    const result = card.detached ? outcome.decline("payment_method_unexpected_state") : card.result;
    switch (result.kind) {
      case "decline":
        return { ...base, status: "failed", failure: { code: result.code, declineCode: result.declineCode, message: "Your card was declined." } };
      case "authentication_required":
        return input.offSession
          ? { ...base, status: "failed", failure: AUTHENTICATION_REQUIRED }
          : { ...base, status: "requires_action", clientSecret: `${paymentId}_secret`, failure: null };
      default:
        return { ...base, status: "succeeded", failure: null };
    }
  }

  return {
    name: "sandbox",

    async createCustomer(input) {
      const known = customers.get(input.idempotencyKey);
      if (known) return { id: known };
      const created = id("cus");
      customers.set(input.idempotencyKey, created);
      return { id: created };
    },

    async createSetup(input) {
      const setup: ProviderSetup = { id: id("seti"), status: "requires_payment_method", customerId: input.customerId, clientSecret: "seti_secret", card: null, failure: null };
      setups.set(setup.id, setup);
      return setup;
    },

    async retrieveSetup(setupId) {
      const setup = setups.get(setupId);
      if (!setup) throw new Error(`fake provider: no such setup ${setupId}`);
      return setup;
    },

    async detachCard(paymentMethodId) {
      const card = cards.get(paymentMethodId);
      if (card) card.detached = true;
    },

    async createPayment(input) {
      calls += 1;
      const seen = byKey.get(input.idempotencyKey);
      if (seen) {
        // Stripe refuses a key reused with other parameters.
        if (seen.amountMinor !== input.amountMinor || seen.customerId !== input.customerId || seen.paymentMethodId !== input.paymentMethodId) {
          throw new Error(`fake provider: idempotency key ${input.idempotencyKey} reused with other parameters`);
        }
        return copy(seen);
      }
      const result = cards.get(input.paymentMethodId)?.result;
      if (result?.kind === "throw") throw new Error("fake provider: network error");
      const made = charge(input);
      byKey.set(input.idempotencyKey, made);
      byId.set(made.id, made);
      if (result?.kind === "throwAfterCharge") throw new Error("fake provider: connection lost after the charge");
      return copy(made);
    },

    async retrievePayment(paymentId) {
      const found = byId.get(paymentId);
      if (!found) throw new Error(`fake provider: no such payment ${paymentId}`);
      return copy(found);
    },

    // The customer is present: authentication passes; a declining card still declines.
    async confirmPaymentOnSession(paymentId, input) {
      const found = byId.get(paymentId);
      if (!found) throw new Error(`fake provider: no such payment ${paymentId}`);
      if (found.status === "succeeded" || found.status === "canceled") return copy(found);
      const result = cards.get(input.paymentMethodId)?.result;
      const next: FakeCharge =
        result?.kind === "decline"
          ? { ...found, paymentMethodId: input.paymentMethodId, status: "failed", failure: { code: result.code, declineCode: result.declineCode, message: "Your card was declined." } }
          : { ...found, paymentMethodId: input.paymentMethodId, status: "succeeded", failure: null, clientSecret: null };
      byId.set(paymentId, next);
      byKey.set(next.idempotencyKey, next);
      return copy(next);
    },

    async refund(input) {
      const known = refunds.get(input.idempotencyKey);
      if (known) return known;
      const made: ProviderRefund = { id: id("re"), status: "succeeded", amountMinor: input.amountMinor, paymentId: input.paymentId };
      refunds.set(input.idempotencyKey, made);
      return made;
    },

    setupCard(customerId, result = outcome.succeed) {
      const methodId = id("pm");
      cards.set(methodId, { customerId, result, detached: false });
      return methodId;
    },

    setOutcome(paymentMethodId, result) {
      const card = cards.get(paymentMethodId);
      if (!card) throw new Error(`fake provider: no such card ${paymentMethodId}`);
      card.result = result;
    },

    charges: () => byId.size,
    payments: () => [...byId.values()],
    calls: () => calls,
  };
}
