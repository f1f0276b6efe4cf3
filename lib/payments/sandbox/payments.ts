// The sandbox's payment intents and refunds: charges to saved test cards, their 3-D Secure step
// and refunds, each create keyed so a retry reaches the same object and never charges twice.
import type { Db } from "@/db";
import { AppError } from "@/lib/errors";
import { type CreatePayment, type PaymentFailure, PaymentRefused, type ProviderPayment, type ProviderRefund } from "../provider";
import { chargeOutcome, FAILURES, type ChargeOutcome } from "./charge-outcome";
import { assertSameRequest, clientSecretFor, findByKey, findObject, insertOnce, updateObject, type SandboxObject } from "./store";

export function toProviderPayment({ id, data }: SandboxObject<"payment_intent">): ProviderPayment {
  return {
    id,
    status: data.status,
    amountMinor: data.amountMinor,
    currency: data.currency,
    customerId: data.customerId,
    paymentMethodId: data.paymentMethodId,
    clientSecret: data.clientSecret,
    failure: data.failure,
    portalPaymentId: data.portalPaymentId,
  };
}

const toProviderRefund = ({ id, data }: SandboxObject<"refund">): ProviderRefund => ({
  id,
  status: data.status,
  amountMinor: data.amountMinor,
  paymentId: data.paymentId,
});

function assertAmount(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new AppError("invalid_input", "The amount must be a whole number of minor units above zero.");
  }
}

const failedWith = (failure: PaymentFailure): ChargeOutcome => ({ status: "failed", failure });

// The outcome of charging `paymentMethodId` for `customerId`. Another customer's card is a bug in
// the caller (Stripe answers it with an API error, which creates nothing), so it is refused; a
// detached card is a result.
async function chargeCard(db: Db, customerId: string, paymentMethodId: string, offSession: boolean): Promise<ChargeOutcome> {
  const method = await findObject(db, "payment_method", paymentMethodId);
  if (method.data.customerId !== customerId) throw new PaymentRefused("invalid_request", "This card does not belong to this customer.");
  if (method.data.detachedAt) return failedWith(FAILURES.cardDetached);
  return chargeOutcome(method.data.behaviour, offSession);
}

// Creates and confirms the intent in one insert: the outcome is decided before the row is written,
// so concurrent calls with one key store one intent and all read back the same result.
export async function createPayment(db: Db, input: CreatePayment): Promise<ProviderPayment> {
  assertAmount(input.amountMinor);
  if (!/^[A-Za-z]{3}$/.test(input.currency)) throw new AppError("invalid_input", "The currency must be an ISO 4217 code.");
  await findObject(db, "customer", input.customerId);
  const outcome = await chargeCard(db, input.customerId, input.paymentMethodId, input.offSession);
  // Upper case, as the portal writes ISO 4217 codes (and as the Stripe adapter answers).
  const currency = input.currency.toUpperCase();
  const request = {
    customerId: input.customerId,
    paymentMethodId: input.paymentMethodId,
    amountMinor: input.amountMinor,
    currency,
    offSession: input.offSession,
    portalPaymentId: input.portalPaymentId,
  };
  const intent = await insertOnce(db, "payment_intent", input.idempotencyKey, request, (id) => ({
    customerId: input.customerId,
    paymentMethodId: input.paymentMethodId,
    amountMinor: input.amountMinor,
    currency,
    offSession: input.offSession,
    description: input.description,
    portalPaymentId: input.portalPaymentId,
    status: outcome.status,
    clientSecret: clientSecretFor(id),
    failure: outcome.failure,
    refundedMinor: 0,
  }));
  return toProviderPayment(intent);
}

export async function retrievePayment(db: Db, paymentId: string): Promise<ProviderPayment> {
  return toProviderPayment(await findObject(db, "payment_intent", paymentId));
}

// Only an intent waiting for the customer can be confirmed again; any other (succeeded, or
// already confirmed by a concurrent call) is returned as it is, so a double submit charges once.
export async function confirmPaymentOnSession(db: Db, paymentId: string, paymentMethodId: string): Promise<ProviderPayment> {
  return db.transaction(async (tx) => {
    const intent = await findObject(tx, "payment_intent", paymentId, true);
    if (intent.data.status !== "requires_action" && intent.data.status !== "failed") return toProviderPayment(intent);
    const outcome = await chargeCard(tx, intent.data.customerId, paymentMethodId, false);
    const data = { ...intent.data, paymentMethodId, status: outcome.status, failure: outcome.failure };
    return toProviderPayment(await updateObject(tx, "payment_intent", paymentId, data));
  });
}

// The sandbox's stand-in for the bank's 3-D Secure page. An intent no longer waiting for it is
// returned unchanged (the page submitted twice).
export async function completeAuthentication(db: Db, paymentId: string, result: "succeed" | "fail"): Promise<ProviderPayment> {
  return db.transaction(async (tx) => {
    const intent = await findObject(tx, "payment_intent", paymentId, true);
    if (intent.data.status !== "requires_action") return toProviderPayment(intent);
    const outcome: ChargeOutcome = result === "succeed" ? { status: "succeeded", failure: null } : failedWith(FAILURES.authenticationFailed);
    return toProviderPayment(await updateObject(tx, "payment_intent", paymentId, { ...intent.data, ...outcome }));
  });
}

// The intent is locked, so refunds of one payment run one after another and can never add up to
// more than was paid. A key seen before answers with its refund, even once nothing is left.
export async function refund(db: Db, input: { paymentId: string; amountMinor: number; idempotencyKey: string }): Promise<ProviderRefund> {
  assertAmount(input.amountMinor);
  const request = { paymentId: input.paymentId, amountMinor: input.amountMinor };
  return db.transaction(async (tx) => {
    const intent = await findObject(tx, "payment_intent", input.paymentId, true);
    const earlier = await findByKey(tx, "refund", input.idempotencyKey);
    if (earlier) {
      assertSameRequest(earlier, request);
      return toProviderRefund(earlier);
    }
    if (intent.data.status !== "succeeded") throw new AppError("invalid_input", "Only a payment that succeeded can be refunded.");
    const left = intent.data.amountMinor - intent.data.refundedMinor;
    if (input.amountMinor > left) {
      throw new AppError("invalid_input", `The refund is more than what is left to refund of this payment (${left} minor units).`);
    }
    const created = await insertOnce(tx, "refund", input.idempotencyKey, request, () => ({ ...request, status: "succeeded" }));
    if (created.created) {
      await updateObject(tx, "payment_intent", intent.id, { ...intent.data, refundedMinor: intent.data.refundedMinor + input.amountMinor });
    }
    return toProviderRefund(created);
  });
}
