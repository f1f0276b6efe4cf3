import type Stripe from "stripe";
import { AUTHENTICATION_REQUIRED, FakeStripeError, invalidRequest, type TestCard } from "./fake-stripe-objects";

// How the fake confirms a PaymentIntent with a test card, as Stripe's test mode does: declines and
// off-session authentication come back as HTTP 402 card errors carrying the intent (left in
// requires_payment_method with last_payment_error); on-session authentication is requires_action.

export type StoredMethod = { object: Stripe.PaymentMethod; card: TestCard; setUp: boolean; detached: boolean };

type Confirm = {
  intent: Stripe.PaymentIntent;
  method: StoredMethod;
  offSession: boolean;
  returnUrl: string | undefined;
  charge: (intent: Stripe.PaymentIntent, outcome: "succeeded" | "failed") => string;
};

function cardError(intent: Stripe.PaymentIntent, chargeId: string, failure: { code: string; declineCode: string; message: string }): FakeStripeError {
  const lastError = { type: "card_error" as const, code: failure.code, decline_code: failure.declineCode, message: failure.message, charge: chargeId };
  Object.assign(intent, { status: "requires_payment_method", last_payment_error: lastError, latest_charge: chargeId, next_action: null });
  return new FakeStripeError(402, {
    ...lastError,
    doc_url: `https://docs.stripe.com/error-codes/${failure.code.replaceAll("_", "-")}`,
    payment_intent: structuredClone(intent),
  });
}

export function confirmIntent({ intent, method, offSession, returnUrl, charge }: Confirm): Stripe.PaymentIntent {
  if (method.detached) {
    throw invalidRequest(
      "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a " +
        "connected account without Customer attachment, or was detached from a Customer. It may not be used again.",
      "payment_method_unexpected_state",
      "payment_method",
    );
  }
  const owner = method.object.customer;
  if (owner && intent.customer !== owner) {
    throw invalidRequest("The provided PaymentMethod does not belong to the Customer.", "payment_method_invalid_parameter", "payment_method");
  }
  // Stripe wants a return_url for an on-session confirmation that may redirect (automatic
  // payment methods); a card-only intent does not.
  if (!offSession && !returnUrl && intent.automatic_payment_methods?.enabled) {
    const message =
      "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these " +
      "payment methods might redirect your customer off of your page, you must provide a `return_url`.";
    throw invalidRequest(message, "parameter_missing", "return_url");
  }
  const { card } = method;
  if (card.decline) throw cardError(intent, charge(intent, "failed"), card.decline);
  const needsAuthentication = card.authentication === "always" || (card.authentication === "unless_set_up" && !method.setUp);
  if (needsAuthentication && offSession) throw cardError(intent, charge(intent, "failed"), AUTHENTICATION_REQUIRED);
  if (needsAuthentication) {
    Object.assign(intent, {
      status: "requires_action",
      last_payment_error: null,
      next_action: { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: "https://hooks.stripe.com/fake" } },
    });
    return intent;
  }
  Object.assign(intent, { status: "succeeded", amount_received: intent.amount, last_payment_error: null, next_action: null, latest_charge: charge(intent, "succeeded") });
  return intent;
}
