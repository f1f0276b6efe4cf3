import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { paymentCards, paymentCustomers, payments } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Payment } from "./credit";
import { type PaymentProvider, PaymentRefused } from "./provider";
import { closeUnsettled, type Send, type Settled, settlePayment } from "./settle";

// A charge in two steps: the payment row with its idempotency key is committed first, then the
// provider is called with that key. A crash between the call and the settlement leaves a pending
// row; the reconciliation job calls again with the same key and reaches the same provider payment,
// so nothing is charged twice.

export type PaymentDraft = Omit<typeof payments.$inferInsert, "id" | "provider" | "status" | "createdAt" | "updatedAt">;

// The payment for this idempotency key: stored now, or the one a previous submission stored.
export async function storePayment(db: Pick<Db, "insert" | "select">, provider: PaymentProvider, draft: PaymentDraft, at: Date): Promise<Payment> {
  await db
    .insert(payments)
    .values({ ...draft, provider: provider.name, status: "pending", createdAt: at, updatedAt: at })
    .onConflictDoNothing({ target: payments.idempotencyKey });
  const [row] = await db.select().from(payments).where(eq(payments.idempotencyKey, draft.idempotencyKey));
  if (!row) throw new Error("payment row missing after insert");
  return row;
}

const DESCRIPTIONS: Record<string, string> = { refill: "SIM refill", wallet_top_up: "PAYGO wallet top-up", invoice: "Invoice payment" };

// Sends a stored payment to the provider (again, after a crash: same key, same provider payment)
// and settles what it answers.
export async function submitPayment(db: Db, provider: PaymentProvider, payment: Payment, at: Date, send?: Send): Promise<Settled> {
  if (payment.providerPaymentId) return settlePayment(db, payment.id, await provider.retrievePayment(payment.providerPaymentId), at, send);
  const [target] = await db
    .select({ customer: paymentCustomers.providerCustomerId, method: paymentCards.providerMethodId })
    .from(paymentCards)
    .innerJoin(paymentCustomers, eq(paymentCustomers.id, paymentCards.customerId))
    .where(eq(paymentCards.id, payment.cardId ?? "00000000-0000-0000-0000-000000000000"));
  if (!target?.customer) throw new Error(`payment ${payment.id} has no card to charge`);
  let seen;
  try {
    seen = await provider.createPayment({
      customerId: target.customer,
      paymentMethodId: target.method,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      offSession: payment.trigger !== "manual",
      idempotencyKey: payment.idempotencyKey,
      description: DESCRIPTIONS[payment.purpose] ?? "Payment",
      portalPaymentId: payment.id,
    });
  } catch (error) {
    // Nothing was made at the provider: the payment failed here, with the provider's reason.
    if (error instanceof PaymentRefused) return closeUnsettled(db, payment.id, "failed", { code: error.code, declineCode: null, message: error.userMessage }, at, send);
    logger.error("payment not submitted", { paymentId: payment.id, error });
    throw new AppError("unavailable", "The payment service did not answer. The payment is checked again within minutes and is never charged twice.");
  }
  return settlePayment(db, payment.id, seen, at, send);
}
