// What a charge to a saved test card comes to, with Stripe's codes and messages, so the portal's
// handling of each outcome is the same on the sandbox as on Stripe.
import type { PaymentFailure } from "../provider";
import type { TestCardBehaviour } from "./test-cards";

export type ChargeOutcome = { status: "succeeded" | "requires_action" | "failed"; failure: PaymentFailure | null };

const declined = (declineCode: string, message: string): PaymentFailure => ({ code: "card_declined", declineCode, message });

export const FAILURES = {
  genericDecline: declined("generic_decline", "Your card was declined."),
  insufficientFunds: declined("insufficient_funds", "Your card has insufficient funds."),
  expiredCard: { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
  incorrectCvc: { code: "incorrect_cvc", declineCode: "incorrect_cvc", message: "Your card's security code is incorrect." },
  authenticationRequired: {
    code: "authentication_required",
    declineCode: "authentication_required",
    message: "Your card was declined. This transaction requires authentication.",
  },
  authenticationFailed: {
    code: "payment_intent_authentication_failure",
    declineCode: null,
    message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  },
  // Stripe refuses a detached payment method as an API error; the sandbox records it as a failed
  // payment with this code instead, so the portal's payment row ends failed and is not retried.
  cardDetached: {
    code: "payment_method_unexpected_state",
    declineCode: null,
    message: "This card was removed from the account and can no longer be charged.",
  },
} satisfies Record<string, PaymentFailure>;

const SUCCEEDED: ChargeOutcome = { status: "succeeded", failure: null };
const fail = (failure: PaymentFailure): ChargeOutcome => ({ status: "failed", failure });

export function chargeOutcome(behaviour: TestCardBehaviour, offSession: boolean): ChargeOutcome {
  switch (behaviour) {
    case "succeeds":
    case "authentication_unless_setup":
      return SUCCEEDED;
    case "generic_decline":
    case "charge_fails":
      return fail(FAILURES.genericDecline);
    case "insufficient_funds":
      return fail(FAILURES.insufficientFunds);
    case "expired_card":
      return fail(FAILURES.expiredCard);
    case "incorrect_cvc":
      return fail(FAILURES.incorrectCvc);
    case "authentication_always":
      return offSession ? fail(FAILURES.authenticationRequired) : { status: "requires_action", failure: null };
  }
}
