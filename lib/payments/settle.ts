import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { payments } from "@/db/schema";
import { enforceWalletMinimums } from "@/lib/billing/wallet-limits";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import type { Tx } from "@/lib/sims/sim-change";
import { applyAutoRefillOutcome } from "./auto-refill-outcome";
import { creditPayment, type Payment } from "./credit";
import type { ProviderPayment } from "./provider";

// Records what the provider says of a payment and credits it exactly once. Called by the
// synchronous confirmation, the webhook and the reconciliation job, in any order and at once:
// the payment row is locked, a succeeded payment stays succeeded (and a canceled one canceled),
// and the credit is applied only while `credited_at` is empty, in the transaction that sets it.

export type Settled = { payment: Payment; credited: boolean };
// What is left to do once the transaction committed: notices to send, a wallet to check.
export type SettledInTx = Settled & { notices: MailMessage[] };
export type Send = (message: MailMessage) => Promise<unknown>;

const FINAL = new Set(["succeeded", "canceled"]);

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
  const creditError = credit ? await creditPayment(tx, row, at) : row.creditError;
  const failure = status === "failed" ? seen.failure : null;
  const [payment] = await tx
    .update(payments)
    .set({
      status,
      providerPaymentId: seen.id,
      failureCode: failure?.code ?? null,
      declineCode: failure?.declineCode ?? null,
      failureMessage: failure?.message ?? null,
      ...(credit ? { creditedAt: at, creditError } : {}),
      updatedAt: at,
    })
    .where(eq(payments.id, row.id))
    .returning();
  if (!payment) throw new Error(`payment ${paymentId} vanished`);
  const notices = status !== row.status && payment.trigger === "auto_refill" ? await applyAutoRefillOutcome(tx, payment, at) : [];
  return { payment, credited: credit, notices };
}

export async function afterSettle(db: Db, settled: SettledInTx, at: Date, send: Send = sendMail): Promise<void> {
  for (const message of settled.notices) await send(message).catch((error: unknown) => logger.error("payment notice not sent", { to: message.to, error }));
  // A top-up may bring the wallet back above its minimum: its SIMs resume now, not at the next run.
  if (settled.credited && settled.payment.walletId) await enforceWalletMinimums({ db, now: () => at, walletIds: [settled.payment.walletId], send });
}
