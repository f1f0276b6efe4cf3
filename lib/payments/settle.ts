import { and, eq, inArray, isNull, ne, notInArray } from "drizzle-orm";
import type { Db } from "@/db";
import { payments } from "@/db/schema";
import { enforceWalletMinimums } from "@/lib/billing/wallet-limits";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import type { Tx } from "@/lib/sims/sim-change";
import { applyAutoRefillOutcome } from "./auto-refill-outcome";
import { creditPayment, type Payment } from "./credit";
import type { PaymentFailure, ProviderPayment } from "./provider";

// Records what the provider says of a payment and credits it exactly once. Called by the
// synchronous confirmation, the webhook and the reconciliation job, in any order and at once:
// the payment row is locked, a succeeded payment stays succeeded (and a canceled one canceled),
// and the credit is applied only while `credited_at` is empty, in the transaction that sets it.

export type Settled = { payment: Payment; credited: boolean };
// What is left to do once the transaction committed: notices to send, a wallet to check.
export type SettledInTx = Settled & { notices: MailMessage[] };
export type Send = (message: MailMessage) => Promise<unknown>;

// Only the provider's success is final. A payment the portal closed itself (canceled when it was
// never confirmed, failed when refused) still takes the provider's word if it succeeded after all.
const FINAL = new Set(["succeeded"]);
const CLOSED = new Set(["failed", "canceled"]);

export async function settlePayment(db: Db, paymentId: string, seen: ProviderPayment, at: Date, send: Send = sendMail): Promise<Settled> {
  const settled = await db.transaction((tx) => settleInTx(tx, paymentId, seen, at));
  await afterSettle(db, settled, at, send);
  return settled;
}

export async function settleInTx(tx: Tx, paymentId: string, seen: ProviderPayment, at: Date): Promise<SettledInTx> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!row) throw new Error(`payment ${paymentId} not found`);
  if (row.providerPaymentId && row.providerPaymentId !== seen.id) throw new Error(`payment ${paymentId} is ${row.providerPaymentId} at the provider, not ${seen.id}`);
  const status = FINAL.has(row.status) ? row.status : seen.status;
  const credit = status === "succeeded" && row.creditedAt === null;
  if (status === row.status && row.providerPaymentId !== null && !credit) return { payment: row, credited: false, notices: [] };
  const reopened = Boolean(row.invoiceId) && CLOSED.has(row.status) && !CLOSED.has(status);
  const creditError = reopened && (await invoicePaidElsewhere(tx, row)) ? INVOICE_PAID_ELSEWHERE : credit ? await creditPayment(tx, row, at) : row.creditError;
  const failure = status === "failed" ? seen.failure : null;
  const [payment] = await tx
    .update(payments)
    .set({
      status,
      providerPaymentId: seen.id,
      failureCode: failure?.code ?? null,
      declineCode: failure?.declineCode ?? null,
      failureMessage: failure?.message ?? null,
      creditError,
      ...(credit ? { creditedAt: at } : {}),
      updatedAt: at,
    })
    .where(eq(payments.id, row.id))
    .returning();
  if (!payment) throw new Error(`payment ${paymentId} vanished`);
  const notices = status !== row.status && payment.trigger === "auto_refill" ? await applyAutoRefillOutcome(tx, payment, at) : [];
  return { payment, credited: credit, notices };
}

// An old attempt at an invoice (declined, or never confirmed) that went through after another
// payment paid it: the money is taken, so it is recorded, flagged for staff to refund, and left
// out of the one-open-payment-per-invoice index.
const INVOICE_PAID_ELSEWHERE = "This invoice was already paid by another payment: refund this one.";

export async function invoicePaidElsewhere(tx: Pick<Db, "select">, row: Payment): Promise<boolean> {
  if (!row.invoiceId) return false;
  const [other] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.invoiceId, row.invoiceId), ne(payments.id, row.id), notInArray(payments.status, ["failed", "canceled"]), isNull(payments.creditError)));
  return Boolean(other);
}

// Closes a payment the provider never made (refused it for good, or never answered within its
// key's lifetime), with the same follow-ups as a settlement (an auto-refill pauses and tells).
export async function closeUnsettled(db: Db, paymentId: string, status: "failed" | "canceled", failure: PaymentFailure, at: Date, send: Send = sendMail): Promise<Settled> {
  const settled = await db.transaction(async (tx): Promise<SettledInTx> => {
    const [payment] = await tx
      .update(payments)
      .set({ status, failureCode: failure.code, declineCode: failure.declineCode, failureMessage: failure.message, updatedAt: at })
      .where(and(eq(payments.id, paymentId), inArray(payments.status, ["pending", "requires_action"])))
      .returning();
    if (!payment) {
      const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId));
      if (!row) throw new Error(`payment ${paymentId} not found`);
      return { payment: row, credited: false, notices: [] };
    }
    const notices = payment.trigger === "auto_refill" ? await applyAutoRefillOutcome(tx, payment, at) : [];
    return { payment, credited: false, notices };
  });
  await afterSettle(db, settled, at, send);
  return settled;
}

export async function afterSettle(db: Db, settled: SettledInTx, at: Date, send: Send = sendMail): Promise<void> {
  for (const message of settled.notices) await send(message).catch((error: unknown) => logger.error("payment notice not sent", { to: message.to, error }));
  // A top-up may bring the wallet back above its minimum: its SIMs resume now, not at the next run.
  if (settled.credited && settled.payment.walletId) await enforceWalletMinimums({ db, now: () => at, walletIds: [settled.payment.walletId], send });
}
