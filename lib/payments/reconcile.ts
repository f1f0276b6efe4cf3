import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db";
import { payments } from "@/db/schema";
import { logger } from "@/lib/logger";
import { submitPayment } from "./charge";
import type { PaymentProvider } from "./provider";
import { paymentProvider } from "./registry";
import { closeUnsettled, settlePayment } from "./settle";

// The `reconcile-payments` cron job: payments the provider has not settled for us yet. A pending
// row that never reached the provider (a crash, a timeout) is submitted again with its stored key,
// which the provider answers with the payment it made, if it made one; a processing or
// requires-action one is read again; a succeeded one whose credit did not commit is credited.
// Stripe keeps idempotency keys 24 hours: a pending row older than that is not resubmitted (it
// could charge again) but canceled for staff to check; an automatic charge is given an hour (the
// payer may have turned auto-refill off since). A payment left waiting for the customer's
// authentication for a day is canceled here too, so it no longer holds its invoice or blocks the
// next automatic refill. Either way, should the provider later say it succeeded, the settlement
// takes its word and credits it (lib/payments/settle.ts).

const SETTLE_AFTER_MS = 60_000;
const HOUR_MS = 3_600_000;
const RESUBMIT_WITHIN_MS = { manual: 23 * HOUR_MS, invoice_auto: 23 * HOUR_MS, auto_refill: HOUR_MS } as const;
const CUSTOMER_WAIT_MS = 24 * HOUR_MS;
const BATCH = 100;

export type ReconcileSummary = { checked: number; settled: number; abandoned: number; failed: number };

export async function reconcilePayments(options: { db: Db; now: () => Date; provider?: PaymentProvider }): Promise<ReconcileSummary> {
  const { db } = options;
  const provider = options.provider ?? paymentProvider();
  const at = options.now();
  const due = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.provider, provider.name),
        lt(payments.updatedAt, new Date(at.getTime() - SETTLE_AFTER_MS)),
        or(inArray(payments.status, ["pending", "processing", "requires_action"]), and(eq(payments.status, "succeeded"), isNull(payments.creditedAt))),
      ),
    )
    .orderBy(asc(payments.updatedAt))
    .limit(BATCH);
  const summary: ReconcileSummary = { checked: due.length, settled: 0, abandoned: 0, failed: 0 };
  for (const payment of due) {
    try {
      const age = at.getTime() - payment.createdAt.getTime();
      const window = RESUBMIT_WITHIN_MS[payment.trigger as keyof typeof RESUBMIT_WITHIN_MS] ?? HOUR_MS;
      if (payment.providerPaymentId === null && age > window) {
        await closeUnsettled(db, payment.id, "canceled", { code: "not_confirmed", declineCode: null, message: "Never confirmed by the payment service in time; check the provider's dashboard." }, at);
        summary.abandoned += 1;
        continue;
      }
      if (payment.status === "requires_action" && age > CUSTOMER_WAIT_MS) {
        await closeUnsettled(db, payment.id, "canceled", { code: "authentication_abandoned", declineCode: null, message: "The customer did not confirm the payment with their bank within a day." }, at);
        summary.abandoned += 1;
        continue;
      }
      const settled = payment.providerPaymentId
        ? await settlePayment(db, payment.id, await provider.retrievePayment(payment.providerPaymentId), at)
        : await submitPayment(db, provider, payment, at);
      if (settled.payment.status !== payment.status || settled.credited) summary.settled += 1;
      // Still waiting (for the customer, or the bank): to the back of the queue.
      else await db.update(payments).set({ updatedAt: at }).where(eq(payments.id, payment.id));
    } catch (error) {
      summary.failed += 1;
      logger.error("payment not reconciled", { paymentId: payment.id, error });
    }
  }
  return summary;
}
