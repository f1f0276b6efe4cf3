import { and, asc, desc, eq, exists, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { autoRefills, paymentCards, paymentCustomers, payments, planRefillPackages, plans, sims } from "@/db/schema";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import type { Tx } from "@/lib/sims/sim-change";
import { autoRefillMonthTotal } from "./auto-refill";
import { MAX_ATTEMPTS, RETRY_BACKOFF_MS, retryable } from "./auto-refill-outcome";
import { type PaymentDraft, storePayment, submitPayment } from "./charge";
import type { Send } from "./settle";
import type { Payment } from "./credit";
import { capReachedNotice, payerEmails } from "./payment-notices";
import type { PaymentProvider } from "./provider";
import { customerPaysForSim } from "./customers";
import { paymentProvider } from "./registry";

// The `auto-refill` job, also run for the SIMs of a usage batch right after it is ingested.
// 1. Re-arm: a SIM back at or above its threshold may start a new crossing.
// 2. Claim crossings: an armed SIM below its threshold is disarmed, its crossing counted, and its
//    charge stored with the key `auto-refill:<sim>:<crossing>:1`, all in one short transaction
//    holding the auto_refills rows FOR UPDATE SKIP LOCKED. So two runs at once, or a rerun, find
//    the crossing taken; and the key makes the provider charge it once even if submitted twice.
// 3. Claim retries: the current crossing's soft-declined charge, once its backoff has passed,
//    gets attempt + 1 under its own key, the same way.
// 4. Submit the stored charges, outside any transaction; settle.ts credits them and
//    auto-refill-outcome.ts pauses and notifies. A charge whose answer is lost stays pending for
//    reconcile-payments, which submits it again with its key.
// The monthly cap counts every automatic charge of the month that is paid or may still be.

const BATCH = 100;
// The pause reason of an auto-refill that reached its monthly cap; lifted when the month ends.
export const MONTHLY_CAP = "monthly_cap";

export type AutoRefillSummary = { charged: number; succeeded: number; failed: number; skippedCap: number; rearmed: number; retried: number };
type Claimed = { payments: Payment[]; notices: MailMessage[]; skippedCap: number };

export async function runAutoRefills(options: { db: Db; now: () => Date; provider?: PaymentProvider; simIds?: number[]; send?: Send }): Promise<AutoRefillSummary> {
  const { db } = options;
  const provider = options.provider ?? paymentProvider();
  const send = options.send ?? sendMail;
  const at = options.now();
  const only = options.simIds ? inArray(autoRefills.simId, options.simIds) : undefined;
  if (options.simIds?.length === 0) return { charged: 0, succeeded: 0, failed: 0, skippedCap: 0, rearmed: 0, retried: 0 };

  const rearmed = await rearm(db, at, only);
  const first = await db.transaction((tx) => claimCrossings(tx, provider, at, only));
  const retries = await db.transaction((tx) => claimRetries(tx, provider, at, only));
  for (const message of [...first.notices, ...retries.notices]) await send(message).catch((error: unknown) => logger.error("auto-refill notice not sent", { to: message.to, error }));

  const summary: AutoRefillSummary = { charged: 0, succeeded: 0, failed: 0, skippedCap: first.skippedCap + retries.skippedCap, rearmed, retried: retries.payments.length };
  for (const payment of [...first.payments, ...retries.payments]) {
    summary.charged += 1;
    try {
      const settled = await submitPayment(db, provider, payment, at, send);
      if (settled.payment.status === "succeeded") summary.succeeded += 1;
      if (settled.payment.status === "failed") summary.failed += 1;
    } catch (error) {
      logger.error("auto-refill charge not submitted; reconcile-payments tries it again", { paymentId: payment.id, error });
    }
  }
  return summary;
}

async function rearm(db: Db, at: Date, only: SQL | undefined): Promise<number> {
  // A new month: auto-refills held by last month's cap start again (a SIM still below its
  // threshold is a new crossing).
  const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const released = await db
    .update(autoRefills)
    .set({ armed: true, pausedAt: null, pauseReason: null, updatedAt: at })
    .where(and(eq(autoRefills.enabled, true), eq(autoRefills.pauseReason, MONTHLY_CAP), lt(autoRefills.pausedAt, monthStart), only))
    .returning({ simId: autoRefills.simId });
  const rows = await db
    .update(autoRefills)
    .set({ armed: true, updatedAt: at })
    .where(
      and(
        eq(autoRefills.enabled, true),
        eq(autoRefills.armed, false),
        sql`EXISTS (SELECT 1 FROM ${sims} WHERE ${sims.id} = ${autoRefills.simId} AND ${sims.dataLeftBytes} >= ${autoRefills.thresholdBytes})`,
        only,
      ),
    )
    .returning({ simId: autoRefills.simId });
  return released.length + rows.length;
}

// What a charge needs, read with the auto_refills row it is claimed under.
function claimSelect(tx: Tx) {
  return tx
    .select({
      refill: autoRefills,
      iccid: sims.iccid,
      companyId: sims.companyId,
      endUserId: sims.endUserId,
      currency: plans.currency,
      pack: planRefillPackages,
      customerId: paymentCustomers.id,
      payerIsUser: sql<boolean>`${paymentCustomers.userId} IS NOT NULL`.mapWith(Boolean),
    })
    .from(autoRefills)
    .innerJoin(sims, eq(sims.id, autoRefills.simId))
    .innerJoin(plans, eq(plans.id, sims.planId))
    .innerJoin(paymentCards, eq(paymentCards.id, autoRefills.cardId))
    .innerJoin(paymentCustomers, eq(paymentCustomers.id, paymentCards.customerId))
    .leftJoin(planRefillPackages, and(eq(planRefillPackages.id, autoRefills.packageId), eq(planRefillPackages.planId, sims.planId)));
}
type Candidate = Awaited<ReturnType<ReturnType<typeof claimSelect>["where"]>>[number];

// An enabled, unpaused auto-refill of a live prepaid SIM below its threshold, with a card in use
// at this provider.
function due(provider: PaymentProvider, only: SQL | undefined): SQL | undefined {
  return and(
    eq(autoRefills.enabled, true),
    isNull(autoRefills.pausedAt),
    eq(sims.simType, "prepaid"),
    isNull(sims.retiredAt),
    sql`${sims.dataLeftBytes} < ${autoRefills.thresholdBytes}`,
    isNull(paymentCards.removedAt),
    eq(paymentCustomers.provider, provider.name),
    // The card's payer still pays for the SIM: a SIM moved to another company or end user is not
    // charged to its former owner's card.
    customerPaysForSim,
    only,
  );
}

async function claimCrossings(tx: Tx, provider: PaymentProvider, at: Date, only: SQL | undefined): Promise<Claimed> {
  const rows = await claimSelect(tx)
    .where(
      and(
        due(provider, only),
        eq(autoRefills.armed, true),
        // A charge still in flight (its answer lost, or the bank thinking) is reconcile-payments'
        // business: a new crossing waits for it.
        sql`NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.simId} = ${autoRefills.simId} AND ${payments.trigger} = 'auto_refill' AND ${payments.status} IN ('pending', 'processing', 'requires_action'))`,
      ),
    )
    .orderBy(asc(autoRefills.simId))
    .limit(BATCH)
    .for("update", { of: autoRefills, skipLocked: true });
  const claimed: Claimed = { payments: [], notices: [], skippedCap: 0 };
  for (const row of rows) {
    if (!row.pack) {
      // The SIM changed plan: its package is gone. The payer chooses another.
      await tx.update(autoRefills).set({ pausedAt: at, pauseReason: "package_unavailable", updatedAt: at }).where(eq(autoRefills.simId, row.refill.simId));
      continue;
    }
    // Read again in this statement's own snapshot: a run that committed since ours started has taken it.
    const [taken] = await tx
      .update(autoRefills)
      .set({ armed: false, crossing: sql`${autoRefills.crossing} + 1`, updatedAt: at })
      .where(and(eq(autoRefills.simId, row.refill.simId), eq(autoRefills.armed, true)))
      .returning({ crossing: autoRefills.crossing });
    if (!taken) continue;
    await charge(tx, provider, { ...row, pack: row.pack }, taken.crossing, 1, at, claimed);
  }
  return claimed;
}

async function claimRetries(tx: Tx, provider: PaymentProvider, at: Date, only: SQL | undefined): Promise<Claimed> {
  const rows = await claimSelect(tx)
    .where(and(due(provider, only), eq(autoRefills.armed, false), exists(tx.select({ one: sql`1` }).from(payments).where(and(ofCurrentCrossing, retryDue(at))))))
    .orderBy(asc(autoRefills.simId))
    .limit(BATCH)
    .for("update", { of: autoRefills, skipLocked: true });
  const claimed: Claimed = { payments: [], notices: [], skippedCap: 0 };
  for (const row of rows) {
    // The crossing's latest attempt, read in this statement's own snapshot: a run that committed
    // since ours started may have stored the next one already.
    const [last] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.simId, row.refill.simId), eq(payments.trigger, "auto_refill"), eq(payments.crossing, row.refill.crossing)))
      .orderBy(desc(payments.attempt))
      .limit(1);
    if (!row.pack || !last || !retryable(last) || last.updatedAt.getTime() > at.getTime() - backoffAfter(last.attempt)) continue;
    await charge(tx, provider, { ...row, pack: row.pack }, row.refill.crossing, last.attempt + 1, at, claimed);
  }
  return claimed;
}

const ofCurrentCrossing = and(eq(payments.simId, autoRefills.simId), eq(payments.trigger, "auto_refill"), eq(payments.crossing, autoRefills.crossing));
const backoffAfter = (attempt: number) => RETRY_BACKOFF_MS[Math.min(attempt, RETRY_BACKOFF_MS.length) - 1] ?? 0;

// The crossing's latest attempt, failed, whose backoff has passed (soft or not: retryable()
// decides once locked; a hard decline has paused the auto-refill anyway).
function retryDue(at: Date): SQL | undefined {
  return and(
    eq(payments.status, "failed"),
    lt(payments.attempt, MAX_ATTEMPTS),
    sql`NOT EXISTS (SELECT 1 FROM payments later WHERE later.sim_id = ${payments.simId} AND later.trigger = 'auto_refill' AND later.crossing = ${payments.crossing} AND later.attempt > ${payments.attempt})`,
    or(...RETRY_BACKOFF_MS.map((wait, i) => and(eq(payments.attempt, i + 1), lte(payments.updatedAt, new Date(at.getTime() - wait))))),
  );
}

async function charge(
  tx: Tx,
  provider: PaymentProvider,
  row: Candidate & { pack: NonNullable<Candidate["pack"]> },
  crossing: number,
  attempt: number,
  at: Date,
  claimed: Claimed,
): Promise<void> {
  const { refill, pack } = row;
  const spent = await autoRefillMonthTotal(tx, refill.simId, at);
  if (spent + pack.priceMinor > refill.monthlyCapMinor) {
    claimed.skippedCap += 1;
    // Paused until the month ends (rearm() lifts it then) or the payer raises the cap, and told once.
    await tx.update(autoRefills).set({ pausedAt: at, pauseReason: MONTHLY_CAP, updatedAt: at }).where(eq(autoRefills.simId, refill.simId));
    const facts = { iccid: row.iccid, amountMinor: pack.priceMinor, currency: row.currency, capMinor: refill.monthlyCapMinor, spentMinor: spent };
    claimed.notices.push(...capReachedNotice(await payerEmails(tx, row.customerId), facts));
    return;
  }
  const draft: PaymentDraft = {
    customerId: row.customerId,
    cardId: refill.cardId,
    purpose: "refill",
    trigger: "auto_refill",
    companyId: row.companyId,
    userId: row.payerIsUser ? row.endUserId : null,
    simId: refill.simId,
    refillPackageId: pack.id,
    packageDataBytes: pack.dataBytes,
    packageValidityDays: pack.validityDays,
    amountMinor: pack.priceMinor,
    currency: row.currency,
    idempotencyKey: `auto-refill:${refill.simId}:${crossing}:${attempt}`,
    crossing,
    attempt,
    createdBy: null,
  };
  claimed.payments.push(await storePayment(tx, provider, draft, at));
}
