import { and, eq, isNull } from "drizzle-orm";
import { autoRefills, sims } from "@/db/schema";
import type { MailMessage } from "@/lib/mail";
import type { Tx } from "@/lib/sims/sim-change";
import type { Payment } from "./credit";
import { authenticationNotice, declinedNotice, payerEmails, retriesExhaustedNotice } from "./payment-notices";
import type { PaymentFailure } from "./provider";

// What an automatic refill's answer means for its auto-refill, decided in the transaction that
// records the answer (lib/payments/settle.ts), so the pause and the notice happen once.
//
// Declines, by Stripe's failure and decline codes:
// - authentication_required: the bank wants the customer present. Retrying off-session would only
//   fail again (and could trouble the bank): pause, send a link to pay on-session, no retry.
// - soft: the bank may say yes later. Codes: the card_declined decline codes insufficient_funds,
//   processing_error, try_again_later, issuer_not_available, reenter_transaction, approve_with_id
//   and generic_decline (Stripe: "declined for an unknown reason"; its own Smart Retries retry it),
//   a card_declined without a decline code, the failure code processing_error, and a failure
//   without any code. Retried by the job (auto-refill-job.ts) up to MAX_ATTEMPTS with backoff;
//   the last attempt's failure pauses and notifies.
// - hard: everything else (lost_card, stolen_card, pickup_card, do_not_honor, expired_card,
//   incorrect_number, card_not_supported, a detached card…): retrying cannot help, the payer must
//   change something. Pause and notify.

export const MAX_ATTEMPTS = 3;
// Wait before the next attempt, after attempt n (index n - 1), from the failed attempt's last update.
export const RETRY_BACKOFF_MS = [3_600_000, 6 * 3_600_000] as const;

const SOFT_DECLINE_CODES = new Set([
  "insufficient_funds",
  "processing_error",
  "try_again_later",
  "issuer_not_available",
  "reenter_transaction",
  "approve_with_id",
  "generic_decline",
]);

export type FailureKind = "authentication_required" | "soft" | "hard";

export function failureKind(failure: Pick<PaymentFailure, "code" | "declineCode"> | null): FailureKind {
  if (!failure?.code) return "soft";
  if (failure.code === "authentication_required" || failure.declineCode === "authentication_required") return "authentication_required";
  if (failure.code === "processing_error") return "soft";
  if (failure.code === "card_declined") return failure.declineCode === null || SOFT_DECLINE_CODES.has(failure.declineCode) ? "soft" : "hard";
  return "hard";
}

// The failed payments the job tries again: soft, not the last attempt.
export function retryable(payment: Pick<Payment, "status" | "failureCode" | "declineCode" | "attempt">): boolean {
  return payment.status === "failed" && payment.attempt < MAX_ATTEMPTS && failureKind(failureOf(payment)) === "soft";
}

function failureOf(payment: Pick<Payment, "failureCode" | "declineCode">): Pick<PaymentFailure, "code" | "declineCode"> | null {
  return payment.failureCode === null ? null : { code: payment.failureCode, declineCode: payment.declineCode };
}

export function hardDeclineReason(payment: Payment): string {
  return `card_declined: ${payment.declineCode ?? payment.failureCode ?? "unknown"}`;
}

export async function applyAutoRefillOutcome(tx: Tx, payment: Payment, at: Date): Promise<MailMessage[]> {
  if (payment.simId === null) return [];
  const [row] = await tx.select().from(autoRefills).where(eq(autoRefills.simId, payment.simId)).for("update");
  // Only the current crossing's charge speaks for the auto-refill: one from before the settings
  // were saved again, or after it was turned off, changes nothing.
  if (!row || !row.enabled || row.crossing !== payment.crossing) return [];

  if (payment.status === "succeeded") {
    // The payer completed on-session the charge the bank wanted to see them for: carry on.
    if (row.pauseReason === "authentication_required") await tx.update(autoRefills).set({ pausedAt: null, pauseReason: null, updatedAt: at }).where(eq(autoRefills.simId, row.simId));
    return [];
  }
  if (payment.status === "canceled") {
    // Never confirmed by the provider (reconcile-payments gave up on it): staff check it, and
    // nothing more is charged for this SIM until someone saves its settings again.
    await pause(tx, row.simId, "payment_unconfirmed", at);
    return [];
  }
  const kind = payment.status === "requires_action" ? "authentication_required" : payment.status === "failed" ? failureKind(failureOf(payment)) : null;
  if (kind === null || (kind === "soft" && payment.attempt < MAX_ATTEMPTS)) return [];

  const reason = kind === "authentication_required" ? "authentication_required" : kind === "hard" ? hardDeclineReason(payment) : "retries_exhausted";
  // Paused already (say the payer is confirming on-session, which passes through requires_action): no second notice.
  if (!(await pause(tx, row.simId, reason, at))) return [];
  const [sim] = await tx.select({ iccid: sims.iccid }).from(sims).where(eq(sims.id, row.simId));
  const to = await payerEmails(tx, payment.customerId);
  const facts = { iccid: sim?.iccid ?? String(row.simId), amountMinor: payment.amountMinor, currency: payment.currency };
  const said = payment.failureMessage ?? payment.declineCode ?? payment.failureCode ?? "no reason given";
  if (kind === "authentication_required") return authenticationNotice(to, facts, payment.id);
  if (kind === "hard") return declinedNotice(to, facts, said);
  return retriesExhaustedNotice(to, facts, payment.attempt, said);
}

async function pause(tx: Tx, simId: number, reason: string, at: Date): Promise<boolean> {
  const paused = await tx
    .update(autoRefills)
    .set({ pausedAt: at, pauseReason: reason, updatedAt: at })
    .where(and(eq(autoRefills.simId, simId), isNull(autoRefills.pausedAt)))
    .returning({ simId: autoRefills.simId });
  return paused.length > 0;
}
