import type Stripe from "stripe";
import type { CardDetails, PaymentFailure, ProviderEvent, ProviderPayment, ProviderPaymentStatus, ProviderRefund, ProviderSetup } from "../provider";

// Stripe objects → the provider types (lib/payments/provider.ts). Pure, so fixtures test them.
// Stripe writes currencies in lower case; the portal keeps ISO 4217 codes in upper case.

type Expandable = string | { id: string } | null | undefined;

function idOf(value: Expandable): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

// Stripe leaves a declined or failed intent in requires_payment_method (with last_payment_error)
// and the portal counts that as failed; requires_capture never happens (capture is automatic) but
// is money on its way, not a failure. A status this SDK does not know yet is treated as still in
// progress, so reconciliation asks again instead of the portal settling on a guess.
export function toPaymentStatus(status: Stripe.PaymentIntent.Status): ProviderPaymentStatus {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "processing":
    case "requires_capture":
      return "processing";
    case "requires_action":
    case "requires_confirmation":
      return "requires_action";
    case "requires_payment_method":
      return "failed";
    case "canceled":
      return "canceled";
    default:
      return "processing";
  }
}

type StripeErrorFields = { code?: string | null; decline_code?: string | null; message?: string | null; type?: string | null };

// From a last_payment_error / last_setup_error or a card error. A code-less error (Stripe sends
// some with only a type) keeps its type, so the stored failure always says something.
export function toFailure(error: StripeErrorFields, fallbackMessage = "The card payment failed."): PaymentFailure {
  return {
    code: error.code || error.type || "payment_failed",
    declineCode: error.decline_code || null,
    message: error.message || fallbackMessage,
  };
}

// An intent in requires_payment_method with no error was never attempted; the portal only makes
// intents confirmed, so it reads as a failure that names the missing card.
const NOT_ATTEMPTED: PaymentFailure = {
  code: "requires_payment_method",
  declineCode: null,
  message: "No card has been charged for this payment.",
};

export function toProviderPayment(intent: Stripe.PaymentIntent): ProviderPayment {
  const status = toPaymentStatus(intent.status);
  let failure: PaymentFailure | null = null;
  if (intent.last_payment_error && (status === "failed" || status === "requires_action")) {
    failure = toFailure(intent.last_payment_error);
  } else if (status === "failed") {
    failure = { ...NOT_ATTEMPTED };
  }
  return {
    id: intent.id,
    status,
    amountMinor: intent.amount,
    currency: intent.currency.toUpperCase(),
    customerId: idOf(intent.customer),
    paymentMethodId: idOf(intent.payment_method),
    clientSecret: intent.client_secret,
    failure,
    portalPaymentId: intent.metadata?.payment_id ?? null,
  };
}

export function toCardDetails(method: Stripe.PaymentMethod): CardDetails | null {
  if (!method.card) return null;
  return {
    providerMethodId: method.id,
    brand: method.card.brand,
    last4: method.card.last4,
    expMonth: method.card.exp_month,
    expYear: method.card.exp_year,
  };
}

// requires_confirmation on a SetupIntent means the card form has to be submitted again.
function toSetupStatus(status: Stripe.SetupIntent.Status): ProviderSetup["status"] {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "requires_action":
      return "requires_action";
    case "canceled":
      return "canceled";
    case "requires_payment_method":
    case "requires_confirmation":
      return "requires_payment_method";
    default:
      return "processing";
  }
}

// The card is only known when payment_method was expanded (retrieveSetup asks for it).
export function toProviderSetup(setup: Stripe.SetupIntent): ProviderSetup {
  const method = setup.payment_method;
  return {
    id: setup.id,
    status: toSetupStatus(setup.status),
    customerId: idOf(setup.customer),
    clientSecret: setup.client_secret,
    card: method && typeof method !== "string" ? toCardDetails(method) : null,
    failure: setup.last_setup_error ? toFailure(setup.last_setup_error, "The card could not be saved.") : null,
  };
}

// requires_action (a refund to a method that needs the customer's details) is still pending.
export function toRefundStatus(status: string | null): ProviderRefund["status"] {
  switch (status) {
    case "succeeded":
    case "failed":
    case "canceled":
      return status;
    default:
      return "pending";
  }
}

// The portal refunds payment intents, so payment_intent is set; a refund of a bare charge (made
// outside the portal) names the charge instead.
export function toProviderRefund(refund: Stripe.Refund): ProviderRefund {
  return {
    id: refund.id,
    status: toRefundStatus(refund.status),
    amountMinor: refund.amount,
    paymentId: idOf(refund.payment_intent) ?? idOf(refund.charge) ?? "",
  };
}

function field(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}

function stringOrId(value: unknown): string | null {
  if (typeof value === "string") return value;
  const id = field(value, "id");
  return typeof id === "string" ? id : null;
}

export function toProviderEvent(event: { id: string; type: string; data: { object: unknown } }): ProviderEvent {
  const object = event.data.object;
  const objectType = field(object, "object");
  return {
    id: event.id,
    type: event.type,
    objectId: stringOrId(object) ?? "",
    objectType: typeof objectType === "string" ? objectType : "",
  };
}
