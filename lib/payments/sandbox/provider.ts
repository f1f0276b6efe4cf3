// The built-in payment provider used when no Stripe keys are set: no network, Stripe's test cards
// and their behaviour, state in payment_sandbox_objects (see store.ts). Every card form backed by
// it says "Sandbox: no real money".
import type { Db } from "@/db";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { PaymentProvider, ProviderPayment, ProviderSetup } from "../provider";
import { completeAuthentication, confirmPaymentOnSession, createPayment, refund, retrievePayment } from "./payments";
import { clientSecretFor, findByKey, findObject, insertObject, insertOnce, updateObject, type SandboxObject } from "./store";
import { parseTestCard, type TestCardInput } from "./test-cards";

export { SANDBOX_NOTICE, SANDBOX_TEST_CARDS, type TestCard, type TestCardBehaviour, type TestCardInput } from "./test-cards";

// What Stripe.js does in the browser, done here by the sandbox's own forms through server actions.
export type SandboxExtras = {
  // Saves a test card on a setup, as the Payment Element would: only Stripe's test numbers, a
  // future expiry and a CVC of the right length. The setup succeeds (it is for off-session use),
  // also for cards that need authentication: the sandbox form stands in for that step.
  confirmSetupWithTestCard(setupId: string, card: TestCardInput): Promise<ProviderSetup>;
  // The bank's 3-D Secure page: succeed → succeeded; fail → failed (payment_intent_authentication_failure).
  completeAuthentication(paymentId: string, outcome: "succeed" | "fail"): Promise<ProviderPayment>;
};

export type SandboxProvider = PaymentProvider & SandboxExtras;

export function createSandboxProvider(db: Db): SandboxProvider {
  return {
    name: "sandbox",

    async createCustomer(input) {
      const customer = await insertOnce(db, "customer", input.idempotencyKey, { portalCustomerId: input.portalCustomerId }, () => ({
        email: input.email,
        name: input.name,
        portalCustomerId: input.portalCustomerId,
      }));
      return { id: customer.id };
    },

    async createSetup(input) {
      await findObject(db, "customer", input.customerId);
      const setup = await insertOnce(db, "setup_intent", input.idempotencyKey, { customerId: input.customerId }, (id) => ({
        customerId: input.customerId,
        status: "requires_payment_method",
        clientSecret: clientSecretFor(id),
        paymentMethodId: null,
      }));
      return toProviderSetup(setup, null);
    },

    async retrieveSetup(setupId) {
      const setup = await findObject(db, "setup_intent", setupId);
      const method = setup.data.paymentMethodId ? await findObject(db, "payment_method", setup.data.paymentMethodId) : null;
      return toProviderSetup(setup, method);
    },

    // Detaching twice is a no-op (Stripe would refuse the second call; nothing depends on that).
    async detachCard(paymentMethodId) {
      await db.transaction(async (tx) => {
        const method = await findObject(tx, "payment_method", paymentMethodId, true);
        if (method.data.detachedAt) return;
        await updateObject(tx, "payment_method", paymentMethodId, { ...method.data, detachedAt: now().toISOString() });
      });
    },

    createPayment: (input) => createPayment(db, input),
    retrievePayment: (paymentId) => retrievePayment(db, paymentId),
    confirmPaymentOnSession: (paymentId, input) => confirmPaymentOnSession(db, paymentId, input.paymentMethodId),
    refund: (input) => refund(db, input),

    confirmSetupWithTestCard: (setupId, card) => confirmSetupWithTestCard(db, setupId, card),
    completeAuthentication: (paymentId, outcome) => completeAuthentication(db, paymentId, outcome),
  };
}

// The card is checked before anything is read or written. The setup is locked, so a double
// submit saves one card; submitting the same card again returns the saved setup.
async function confirmSetupWithTestCard(db: Db, setupId: string, input: TestCardInput): Promise<ProviderSetup> {
  const card = parseTestCard(input, now());
  return db.transaction(async (tx) => {
    const setup = await findObject(tx, "setup_intent", setupId, true);
    if (setup.data.status === "succeeded") {
      const saved = await findByKey(tx, "payment_method", setupId);
      const same = saved && saved.data.last4 === card.last4 && saved.data.behaviour === card.behaviour;
      if (!same || saved.data.expMonth !== card.expMonth || saved.data.expYear !== card.expYear) {
        throw new AppError("conflict", "This setup has already saved a card. Start again to add another card.");
      }
      return toProviderSetup(setup, saved);
    }
    // The method carries its setup's id as its key: one card per setup, even past the lock.
    const method = await insertObject(tx, "payment_method", setupId, { ...card, customerId: setup.data.customerId, detachedAt: null });
    const updated = await updateObject(tx, "setup_intent", setupId, { ...setup.data, status: "succeeded", paymentMethodId: method.id });
    return toProviderSetup(updated, method);
  });
}

function toProviderSetup({ id, data }: SandboxObject<"setup_intent">, method: SandboxObject<"payment_method"> | null | undefined): ProviderSetup {
  return {
    id,
    status: data.status,
    customerId: data.customerId,
    clientSecret: data.clientSecret,
    card: method
      ? { providerMethodId: method.id, brand: method.data.brand, last4: method.data.last4, expMonth: method.data.expMonth, expYear: method.data.expYear }
      : null,
    failure: null,
  };
}
