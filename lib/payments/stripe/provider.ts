import Stripe from "stripe";
import { type PaymentProvider, type ProviderPayment, PaymentRefused } from "../provider";
import { toFailure, toProviderPayment, toProviderRefund, toProviderSetup } from "./transform";

// The PaymentProvider on Stripe's API (STRIPE_SECRET_KEY set). The SDK brings the timeout and the
// bounded retries with backoff and jitter; every create carries the caller's stored idempotency
// key, and the SDK keys the other POSTs itself, so its retries never act twice.

// Pinned to the version this SDK's types describe: an account default that moved on must not
// change the shape of what the transforms read.
export const STRIPE_API_VERSION = Stripe.API_VERSION;

export type StripeProviderOptions = { secretKey: string; httpClient?: Stripe.HttpClient };

export function createStripeClient({ secretKey, httpClient }: StripeProviderOptions): Stripe {
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "sim-portal" },
    ...(httpClient ? { httpClient } : {}),
  });
}

// A decline, or the bank asking for the customer (authentication_required off-session), comes
// back as a 402 card error carrying the intent: a result for the caller, not an exception.
function declinedPayment(error: unknown): ProviderPayment | null {
  if (!(error instanceof Stripe.errors.StripeCardError) || !error.payment_intent) return null;
  const intent = error.payment_intent;
  // The error's own message is prefixed with the request id; the intent's copy is not.
  const lastError = intent.last_payment_error;
  const failure = toFailure({
    code: error.code ?? lastError?.code,
    decline_code: error.decline_code ?? lastError?.decline_code,
    message: lastError?.message ?? rawMessage(error),
    type: "card_error",
  });
  return { ...toProviderPayment(intent), status: "failed", failure };
}

function rawMessage(error: Stripe.errors.StripeError): string | undefined {
  const raw = error.raw;
  if (typeof raw === "object" && raw !== null && "message" in raw && typeof raw.message === "string") return raw.message;
  return undefined;
}

// Detaching a card Stripe already let go of (detached before, or gone) leaves it as wanted.
function alreadyDetached(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) return false;
  return error.code === "resource_missing" || /not attached to a customer/i.test(error.message);
}

export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const stripe = createStripeClient(options);

  return {
    name: "stripe",

    async createCustomer({ email, name, idempotencyKey, portalCustomerId }) {
      const customer = await stripe.customers.create(
        { email, name, metadata: { portal_customer_id: portalCustomerId } },
        { idempotencyKey },
      );
      return { id: customer.id };
    },

    // Cards only (allowed_payment_method_types: this API version's name for payment_method_types):
    // the portal stores brand and last 4 digits, which other methods do not have, and a card
    // needs no return_url when it is confirmed without redirects.
    async createSetup({ customerId, idempotencyKey }) {
      const setup = await stripe.setupIntents.create(
        { customer: customerId, usage: "off_session", allowed_payment_method_types: ["card"] },
        { idempotencyKey },
      );
      return toProviderSetup(setup);
    },

    async retrieveSetup(setupId) {
      return toProviderSetup(await stripe.setupIntents.retrieve(setupId, { expand: ["payment_method"] }));
    },

    async detachCard(paymentMethodId) {
      try {
        await stripe.paymentMethods.detach(paymentMethodId);
      } catch (error) {
        if (!alreadyDetached(error)) throw error;
      }
    },

    async createPayment(input) {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amountMinor,
            currency: input.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: input.paymentMethodId,
            allowed_payment_method_types: ["card"],
            confirm: true,
            off_session: input.offSession,
            description: input.description,
            metadata: { payment_id: input.portalPaymentId },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return toProviderPayment(intent);
      } catch (error) {
        const declined = declinedPayment(error);
        if (declined) return declined;
        // A 400 (a card no longer attached, say) creates nothing; the same key replays it.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new PaymentRefused(error.code ?? "invalid_request", rawMessage(error) ?? "The payment service refused this payment.");
        throw error;
      }
    },

    async retrievePayment(paymentId) {
      return toProviderPayment(await stripe.paymentIntents.retrieve(paymentId));
    },

    async confirmPaymentOnSession(paymentId, { paymentMethodId, returnUrl }) {
      try {
        const intent = await stripe.paymentIntents.confirm(paymentId, {
          payment_method: paymentMethodId,
          off_session: false,
          return_url: returnUrl,
        });
        return toProviderPayment(intent);
      } catch (error) {
        const declined = declinedPayment(error);
        if (declined) return declined;
        throw error;
      }
    },

    async refund({ paymentId, amountMinor, idempotencyKey }) {
      const refund = await stripe.refunds.create({ payment_intent: paymentId, amount: amountMinor }, { idempotencyKey });
      return toProviderRefund(refund);
    },
  };
}
