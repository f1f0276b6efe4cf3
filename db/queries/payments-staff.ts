import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { MONTHLY_CAP } from "@/lib/payments/auto-refill-job";
import { getDb } from "@/db";
import { autoRefills, companies, invoices, paymentCards, paymentCustomers, paymentRefunds, payments, sims, users, wallets } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { cardLabel } from "@/lib/payments/cards";
import { isUuid } from "@/lib/uuid";
import { cardColumns } from "./payments";

// The staff payments pages (/admin/payments): every company's card payments, one payment with its
// refunds, and what needs a person. Platform scope only: a company's or an end user's payment
// history is db/queries/payments.ts. The scope is still the first argument so that a caller with
// the wrong one is refused here, not trusted to have checked.

export const STAFF_PAYMENTS_PAGE_SIZE = 50;
export const PAYMENT_STATUSES = ["pending", "requires_action", "processing", "succeeded", "failed", "canceled"] as const;
export const PAYMENT_PURPOSES = ["refill", "wallet_top_up", "invoice"] as const;
export const PAYMENT_TRIGGERS = ["manual", "auto_refill", "invoice_auto"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export type PaymentTrigger = (typeof PAYMENT_TRIGGERS)[number];

// A pending or processing payment older than this is stuck: the confirmation, the webhook and the
// reconciliation job (every minute) have all had their chance.
export const STUCK_AFTER_MS = 3_600_000;
// Each attention list is capped: it is a to-do list, not a report.
export const ATTENTION_LIMIT = 100;

export type StaffPaymentFilters = {
  /** 1-based. */
  page: number;
  status?: PaymentStatus;
  purpose?: PaymentPurpose;
  trigger?: PaymentTrigger;
  companyId?: string;
  /** An ICCID, a payment id or the provider's payment id, exact. */
  q?: string;
};

function requirePlatform(scope: Scope): void {
  if (scope.kind !== "platform") throw new AppError("forbidden", "Only platform staff see every payment.");
}

// The card as staff read it: its label (the card is null when none was used).
function labelOf<T extends { card: Parameters<typeof cardLabel>[0] | null }>({ card, ...rest }: T): Omit<T, "card"> & { cardLabel: string | null } {
  return { ...rest, cardLabel: card ? cardLabel(card) : null };
}

const listColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  purpose: payments.purpose,
  trigger: payments.trigger,
  status: payments.status,
  amountMinor: payments.amountMinor,
  refundedMinor: payments.refundedMinor,
  currency: payments.currency,
  failureCode: payments.failureCode,
  declineCode: payments.declineCode,
  failureMessage: payments.failureMessage,
  creditError: payments.creditError,
  providerPaymentId: payments.providerPaymentId,
  companyId: payments.companyId,
  companyName: companies.name,
  simIccid: sims.iccid,
  card: cardColumns,
};

function filterConditions(filters: StaffPaymentFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(payments.status, filters.status));
  if (filters.purpose) conditions.push(eq(payments.purpose, filters.purpose));
  if (filters.trigger) conditions.push(eq(payments.trigger, filters.trigger));
  // Not a UUID: no company has it (and PostgreSQL would refuse the cast).
  if (filters.companyId) conditions.push(isUuid(filters.companyId) ? eq(payments.companyId, filters.companyId) : sql`false`);
  const q = filters.q?.trim();
  if (q) {
    // The SIM by its ICCID first, so its payments come from the (sim_id, created_at) index.
    const matches: SQL[] = [inArray(payments.simId, getDb().select({ id: sims.id }).from(sims).where(eq(sims.iccid, q))), eq(payments.providerPaymentId, q)];
    if (isUuid(q)) matches.push(eq(payments.id, q.toLowerCase()));
    conditions.push(or(...matches) ?? sql`false`);
  }
  return conditions;
}

/** A page of every company's payments, newest first, with the filters applied. */
export async function staffListPayments(scope: Scope, filters: StaffPaymentFilters) {
  requirePlatform(scope);
  const page = Number.isSafeInteger(filters.page) && filters.page > 0 ? filters.page : 1;
  const rows = await getDb()
    .select(listColumns)
    .from(payments)
    .leftJoin(companies, eq(companies.id, payments.companyId))
    .leftJoin(sims, eq(sims.id, payments.simId))
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .where(and(...filterConditions(filters)))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(STAFF_PAYMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * STAFF_PAYMENTS_PAGE_SIZE);
  return { page, rows: rows.slice(0, STAFF_PAYMENTS_PAGE_SIZE).map(labelOf), hasMore: rows.length > STAFF_PAYMENTS_PAGE_SIZE };
}
export type StaffPaymentRow = Awaited<ReturnType<typeof staffListPayments>>["rows"][number];

const payer = alias(users, "payer");
const creator = alias(users, "creator");

/** One payment with everything staff check before refunding it; null when there is none. */
export async function staffFindPayment(scope: Scope, id: string) {
  requirePlatform(scope);
  if (!isUuid(id)) return null;
  const db = getDb();
  const [row] = await db
    .select({
      payment: payments,
      companyName: companies.name,
      userEmail: payer.email,
      createdByEmail: creator.email,
      simIccid: sims.iccid,
      walletCurrency: wallets.currency,
      invoiceNumber: invoices.number,
      providerCustomerId: paymentCustomers.providerCustomerId,
      card: cardColumns,
    })
    .from(payments)
    .innerJoin(paymentCustomers, eq(paymentCustomers.id, payments.customerId))
    .leftJoin(companies, eq(companies.id, payments.companyId))
    .leftJoin(payer, eq(payer.id, payments.userId))
    .leftJoin(creator, eq(creator.id, payments.createdBy))
    .leftJoin(sims, eq(sims.id, payments.simId))
    .leftJoin(wallets, eq(wallets.id, payments.walletId))
    .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .where(eq(payments.id, id));
  if (!row) return null;
  const refunds = await db
    .select({
      id: paymentRefunds.id,
      amountMinor: paymentRefunds.amountMinor,
      reason: paymentRefunds.reason,
      status: paymentRefunds.status,
      providerRefundId: paymentRefunds.providerRefundId,
      createdByEmail: users.email,
      createdAt: paymentRefunds.createdAt,
    })
    .from(paymentRefunds)
    .leftJoin(users, eq(users.id, paymentRefunds.createdBy))
    .where(eq(paymentRefunds.paymentId, id))
    .orderBy(asc(paymentRefunds.createdAt), asc(paymentRefunds.id));
  // What refundPayment would still accept: pending refunds hold their amount until they settle.
  const reserved = refunds.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amountMinor, 0);
  const refundableMinor = row.payment.status === "succeeded" && row.payment.providerPaymentId ? Math.max(0, row.payment.amountMinor - reserved) : 0;
  return { ...labelOf(row), refunds, refundableMinor };
}
export type StaffPaymentDetail = NonNullable<Awaited<ReturnType<typeof staffFindPayment>>>;

// A failed automatic charge paused the SIM's auto-refill. Auto-refills turned off (enabled =
// false: the payer switched it off or removed the card) are the payer's choice, not a failure.
async function pausedAutoRefills() {
  const db = getDb();
  const rows = await db
    .select({
      simId: autoRefills.simId,
      simIccid: sims.iccid,
      companyId: sims.companyId,
      companyName: companies.name,
      pausedAt: autoRefills.pausedAt,
      pauseReason: autoRefills.pauseReason,
    })
    .from(autoRefills)
    .innerJoin(sims, eq(sims.id, autoRefills.simId))
    .leftJoin(companies, eq(companies.id, sims.companyId))
    // A monthly cap reached is the payer's own limit working, not a failure.
    .where(and(eq(autoRefills.enabled, true), isNotNull(autoRefills.pausedAt), sql`${autoRefills.pauseReason} IS DISTINCT FROM ${MONTHLY_CAP}`))
    .orderBy(desc(autoRefills.pausedAt), asc(autoRefills.simId))
    .limit(ATTENTION_LIMIT);
  if (rows.length === 0) return [];
  // The last failed automatic charge of each SIM: why it was paused, in the bank's words.
  const failures = await db
    .selectDistinctOn([payments.simId], { simId: payments.simId, paymentId: payments.id, failureCode: payments.failureCode, declineCode: payments.declineCode, failureMessage: payments.failureMessage })
    .from(payments)
    .where(and(inArray(payments.simId, rows.map((r) => r.simId)), eq(payments.trigger, "auto_refill"), eq(payments.status, "failed")))
    .orderBy(payments.simId, desc(payments.createdAt), desc(payments.id));
  const bySim = new Map(failures.map((f) => [f.simId, f]));
  return rows.map((r) => {
    const failure = bySim.get(r.simId);
    return { ...r, lastFailure: failure ? { paymentId: failure.paymentId, failureCode: failure.failureCode, declineCode: failure.declineCode, failureMessage: failure.failureMessage } : null };
  });
}

function attentionPayments(condition: SQL | undefined) {
  return getDb()
    .select(listColumns)
    .from(payments)
    .leftJoin(companies, eq(companies.id, payments.companyId))
    .leftJoin(sims, eq(sims.id, payments.simId))
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .where(condition)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(ATTENTION_LIMIT)
    .then((rows) => rows.map(labelOf));
}

/**
 * What staff must act on: auto-refills paused by a failed charge; payments that succeeded but
 * credited nothing (refund them; they leave the list once refunded in full); payments the
 * reconciliation job gave up on (never confirmed by the provider) or stuck pending or processing
 * for over an hour.
 */
export async function staffPaymentsNeedingAttention(scope: Scope, at: Date) {
  requirePlatform(scope);
  const [paused, uncredited, unsettled] = await Promise.all([
    pausedAutoRefills(),
    attentionPayments(and(eq(payments.status, "succeeded"), isNotNull(payments.creditError), lt(payments.refundedMinor, payments.amountMinor))),
    attentionPayments(
      or(
        and(eq(payments.status, "canceled"), isNotNull(payments.failureMessage), isNull(payments.providerPaymentId)),
        and(inArray(payments.status, ["pending", "processing"]), lt(payments.createdAt, new Date(at.getTime() - STUCK_AFTER_MS))),
      ),
    ),
  ]);
  return { paused, uncredited, unsettled, total: paused.length + uncredited.length + unsettled.length };
}
export type StaffAttention = Awaited<ReturnType<typeof staffPaymentsNeedingAttention>>;
