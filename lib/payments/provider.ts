// The one payment-provider interface (ARCHITECTURE.md principle 5). Implementations: stripe/
// (STRIPE_SECRET_KEY set) and sandbox/ (no keys: no network, Stripe's test-card behaviour).
// Every call that creates something takes an idempotency key the caller stored first, so a
// retried or rerun call reaches the same object at the provider.

export type ProviderName = "stripe" | "sandbox";

export type CardDetails = { providerMethodId: string; brand: string; last4: string; expMonth: number; expYear: number };

// A payment as the provider sees it, mapped to the portal's statuses:
// requires_action: the bank wants the customer present (3-D Secure); `clientSecret` lets the
//   page complete it on-session.
// failed: declined or failed; `failure` says why. Stripe leaves such an intent in
//   requires_payment_method; the portal counts that as failed.
export type ProviderPaymentStatus = "requires_action" | "processing" | "succeeded" | "failed" | "canceled";

export type PaymentFailure = {
  // Stripe's error or last_payment_error code: card_declined, authentication_required, expired_card…
  code: string;
  // Stripe's decline_code when the bank gave one: insufficient_funds, generic_decline, do_not_honor…
  declineCode: string | null;
  message: string;
};

export type ProviderPayment = {
  id: string;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: string;
  customerId: string | null;
  paymentMethodId: string | null;
  clientSecret: string | null;
  failure: PaymentFailure | null;
  // The portal payment it was made for (metadata.payment_id), when it says.
  portalPaymentId: string | null;
};

export type ProviderSetup = {
  id: string;
  // succeeded: the card is saved for off-session use.
  status: "requires_payment_method" | "requires_action" | "processing" | "succeeded" | "canceled";
  customerId: string | null;
  clientSecret: string | null;
  card: CardDetails | null;
  failure: PaymentFailure | null;
};

export type ProviderRefund = { id: string; status: "pending" | "succeeded" | "failed" | "canceled"; amountMinor: number; paymentId: string };

export type CreatePayment = {
  customerId: string;
  paymentMethodId: string;
  amountMinor: number;
  currency: string;
  // true: the customer is not present (auto-refill, invoice charged when issued).
  offSession: boolean;
  idempotencyKey: string;
  description: string;
  // The portal payment id, carried in metadata so a webhook finds its row.
  portalPaymentId: string;
};

// What a webhook says, once its signature is verified: the event id (for dedupe), its type and
// the id of the object it is about. Handlers fetch the object again, so events may come in any order.
export type ProviderEvent = { id: string; type: string; objectId: string; objectType: string };

export interface PaymentProvider {
  readonly name: ProviderName;
  createCustomer(input: { email: string; name: string; idempotencyKey: string; portalCustomerId: string }): Promise<{ id: string }>;
  // A SetupIntent for saving a card for off-session use; the card is entered on the client
  // (Stripe's Payment Element, or the sandbox's own form) with the client secret.
  createSetup(input: { customerId: string; idempotencyKey: string }): Promise<ProviderSetup>;
  retrieveSetup(setupId: string): Promise<ProviderSetup>;
  detachCard(paymentMethodId: string): Promise<void>;
  // Creates and confirms a PaymentIntent with a saved card. A decline is a result
  // (status failed with `failure`), not a thrown error; network and API errors throw.
  createPayment(input: CreatePayment): Promise<ProviderPayment>;
  retrievePayment(paymentId: string): Promise<ProviderPayment>;
  // Confirms again, on-session, a payment that needed authentication or failed off-session.
  confirmPaymentOnSession(paymentId: string, input: { paymentMethodId: string; returnUrl: string }): Promise<ProviderPayment>;
  refund(input: { paymentId: string; amountMinor: number; idempotencyKey: string }): Promise<ProviderRefund>;
}

// The provider refused to create the payment for good (a removed card, an invalid request): no
// payment exists there, and asking again with the same key gets the same answer.
export class PaymentRefused extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(`payment refused: ${code}: ${userMessage}`);
    this.name = "PaymentRefused";
  }
}
