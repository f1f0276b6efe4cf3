import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, paymentRefunds, payments } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { enforceWalletMinimums } from "@/lib/billing/wallet-limits";
import { appendWalletEntries } from "@/lib/billing/wallets";
import { staffNote } from "@/lib/billing/staff-note";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { MICROS_PER_MINOR } from "@/lib/money";
import { isUuid } from "@/lib/uuid";
import type { PaymentProvider } from "./provider";
import { paymentProvider } from "./registry";

// Staff refund a card payment, whole or in part. The refund row and its idempotency key are
// committed before the provider is called, so a retried form or a crash refunds once. A wallet
// top-up's refund takes the money back out of the wallet (an adjustment entry); a refill's data is
// not taken back (it may be used already): staff suspend the SIM if they must.

export type RefundInput = { paymentId: string; amountMinor: number; reason: string; idempotencyKey: string };

export async function refundPayment(viewer: Viewer, input: RefundInput, at: Date, provider: PaymentProvider = paymentProvider()): Promise<{ refunded: boolean }> {
  if (!can(viewer, "payments:refund")) throw new AppError("forbidden", "Only platform staff refund payments.");
  if (!isUuid(input.paymentId)) throw new AppError("not_found", "This payment does not exist.");
  if (!isUuid(input.idempotencyKey)) throw new AppError("invalid_input", "This form has expired: reload the page and try again.");
  const reason = staffNote(input.reason, "Say why the payment is refunded");
  const db = getDb();
  const refund = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for("update");
    if (!payment) throw new AppError("not_found", "This payment does not exist.");
    const [existing] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.idempotencyKey, `refund:${input.idempotencyKey}`));
    if (existing) {
      // The same form again: a refund still being made is made once; one refused, or a form whose
      // amount was changed since, must not read as done.
      if (existing.status === "failed" || existing.amountMinor !== input.amountMinor) throw new AppError("conflict", "This form was already used: reload the page to refund again.");
      return { refund: existing, payment };
    }
    if (payment.status !== "succeeded" || !payment.providerPaymentId) throw new AppError("invalid_input", "Only a succeeded payment can be refunded.");
    const [open] = await tx
      .select({ total: sql<number>`coalesce(sum(${paymentRefunds.amountMinor}), 0)::bigint`.mapWith(Number) })
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.paymentId, payment.id), ne(paymentRefunds.status, "failed")));
    const left = payment.amountMinor - (open?.total ?? 0);
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > left) {
      throw new AppError("invalid_input", left > 0 ? "The refund must be more than nothing and at most what is left of the payment." : "This payment is refunded in full already.");
    }
    const [row] = await tx
      .insert(paymentRefunds)
      .values({ paymentId: payment.id, amountMinor: input.amountMinor, reason, idempotencyKey: `refund:${input.idempotencyKey}`, createdBy: viewer.userId, createdAt: at, updatedAt: at })
      .returning();
    if (!row) throw new Error("refund row missing after insert");
    return { refund: row, payment };
  });
  if (refund.refund.status !== "pending") return { refunded: false };
  let seen;
  try {
    seen = await provider.refund({ paymentId: refund.payment.providerPaymentId ?? "", amountMinor: refund.refund.amountMinor, idempotencyKey: refund.refund.idempotencyKey });
  } catch (error) {
    logger.error("refund not submitted", { refundId: refund.refund.id, error });
    throw new AppError("unavailable", "The payment service did not answer. Submit the same form again: it refunds once.");
  }
  // Stripe accepts most card refunds at once (succeeded) or shortly (pending): both are counted.
  const accepted = seen.status === "succeeded" || seen.status === "pending";
  const walletId = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(paymentRefunds)
      .set({ providerRefundId: seen.id, status: accepted ? "succeeded" : "failed", updatedAt: at })
      .where(and(eq(paymentRefunds.id, refund.refund.id), eq(paymentRefunds.status, "pending")))
      .returning();
    if (!row || !accepted) return null;
    const [payment] = await tx
      .update(payments)
      .set({ refundedMinor: sql`${payments.refundedMinor} + ${row.amountMinor}`, updatedAt: at })
      .where(eq(payments.id, row.paymentId))
      .returning();
    if (!payment) throw new Error("refunded payment vanished");
    if (payment.walletId) {
      await appendWalletEntries(tx, [
        { walletId: payment.walletId, kind: "adjustment", amountMicros: -row.amountMinor * MICROS_PER_MINOR, sourceKey: `refund:${row.id}`, occurredAt: at, note: `Card payment refunded: ${reason}`, createdBy: viewer.userId },
      ]);
    }
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "payment.refund",
        targetType: "payment",
        targetId: payment.id,
        companyId: payment.companyId,
        before: { refundedMinor: payment.refundedMinor - row.amountMinor },
        after: { refundedMinor: payment.refundedMinor, amountMinor: row.amountMinor, currency: payment.currency, reason },
      }),
    );
    return payment.walletId;
  });
  if (!accepted) throw new AppError("invalid_input", "The payment service refused the refund.");
  if (walletId) await enforceWalletMinimums({ db, now: () => at, walletIds: [walletId] });
  return { refunded: true };
}
