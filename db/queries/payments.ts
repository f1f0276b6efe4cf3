import { and, asc, desc, eq, inArray, isNull, like, or, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { autoRefills, companies, invoices, operators, paymentCards, paymentCustomers, payments, planRefillPackages, plans, sims, users, wallets } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { autoRefillMonthTotals } from "@/lib/payments/auto-refill";
import { customerPaysForSim } from "@/lib/payments/customers";
import { isUuid } from "@/lib/uuid";
import { planTermsColumns } from "./plan-columns";

// Card payments as a viewer may read them, and the prepaid SIMs they may pay for. Staff see every
// payment; a company admin the company's (its own and its end users' refills of its SIMs); an end
// user the payments made for them or by them.

export function paymentScopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(payments.companyId, scope.companyId);
    case "end_user":
      return or(eq(payments.userId, scope.userId), eq(payments.createdBy, scope.userId)) ?? sql`false`;
  }
}

export const PAYMENTS_PAGE_SIZE = 25;

export const cardColumns = { brand: paymentCards.brand, last4: paymentCards.last4, expMonth: paymentCards.expMonth, expYear: paymentCards.expYear };

const listColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  purpose: payments.purpose,
  trigger: payments.trigger,
  status: payments.status,
  amountMinor: payments.amountMinor,
  currency: payments.currency,
  refundedMinor: payments.refundedMinor,
  failureCode: payments.failureCode,
  declineCode: payments.declineCode,
  failureMessage: payments.failureMessage,
  packageDataBytes: payments.packageDataBytes,
  packageValidityDays: payments.packageValidityDays,
  iccid: sims.iccid,
  invoiceNumber: invoices.number,
  walletCurrency: wallets.currency,
  card: cardColumns,
};

// Newest first, by page number (1-based): a payer's history is short enough for offsets.
export async function listPayments(scope: Scope, options: { page?: number } = {}) {
  const page = Number.isSafeInteger(options.page) && (options.page ?? 1) > 0 ? (options.page ?? 1) : 1;
  const rows = await getDb()
    .select(listColumns)
    .from(payments)
    .leftJoin(sims, eq(sims.id, payments.simId))
    .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(wallets, eq(wallets.id, payments.walletId))
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .where(paymentScopeCondition(scope))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(PAYMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * PAYMENTS_PAGE_SIZE);
  return { rows: rows.slice(0, PAYMENTS_PAGE_SIZE), page, hasNext: rows.length > PAYMENTS_PAGE_SIZE };
}

export type PaymentListRow = Awaited<ReturnType<typeof listPayments>>["rows"][number];

// One payment for its receipt; null when it does not exist in the viewer's scope. `payer` says
// whose card paid, so the page offers to act on it (confirm with the bank) only to that payer.
export async function findPayment(scope: Scope, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await getDb()
    .select({
      ...listColumns,
      cardId: payments.cardId,
      simId: payments.simId,
      walletId: payments.walletId,
      invoiceId: payments.invoiceId,
      providerPaymentId: payments.providerPaymentId,
      creditedAt: payments.creditedAt,
      creditError: payments.creditError,
      attempt: payments.attempt,
      updatedAt: payments.updatedAt,
      companyName: companies.name,
      paidByEmail: users.email,
      payer: { userId: paymentCustomers.userId, companyId: paymentCustomers.companyId },
    })
    .from(payments)
    .innerJoin(paymentCustomers, eq(paymentCustomers.id, payments.customerId))
    .leftJoin(sims, eq(sims.id, payments.simId))
    .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(wallets, eq(wallets.id, payments.walletId))
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .leftJoin(companies, eq(companies.id, payments.companyId))
    .leftJoin(users, eq(users.id, payments.createdBy))
    .where(and(eq(payments.id, id), paymentScopeCondition(scope)));
  return row ?? null;
}

export type PaymentDetail = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

// An invoice's card payments, newest first: its page shows the one that paid it, or the last
// attempt that did not. Scoped like the invoice (a company's admins, staff).
export async function listInvoicePayments(scope: Scope, invoiceId: string) {
  if (!isUuid(invoiceId) || scope.kind === "end_user") return [];
  return getDb()
    .select({ id: payments.id, status: payments.status, refundedMinor: payments.refundedMinor, createdAt: payments.createdAt, trigger: payments.trigger, failureCode: payments.failureCode, declineCode: payments.declineCode, failureMessage: payments.failureMessage, card: cardColumns })
    .from(payments)
    .leftJoin(paymentCards, eq(paymentCards.id, payments.cardId))
    .where(and(eq(payments.invoiceId, invoiceId), paymentScopeCondition(scope)))
    .orderBy(desc(payments.createdAt), desc(payments.id));
}

// ---- The SIMs a payer refills ----

export const PAYABLE_SIMS_PAGE_SIZE = 10;
const ICCID_SEARCH = /^\d{1,22}$/;

// Live prepaid SIMs: an end user's own, or a company admin's company's. Staff pay for nothing.
function payableCondition(scope: Scope): SQL {
  const owner = scope.kind === "end_user" ? eq(sims.endUserId, scope.userId) : scope.kind === "company" ? eq(sims.companyId, scope.companyId) : sql`false`;
  return and(owner, eq(sims.simType, "prepaid"), isNull(sims.retiredAt)) ?? sql`false`;
}

export type PayableSimsQuery = { iccid?: string; page?: number };

// The page of SIMs with what refilling them needs: the plan, its packages, the auto-refill and
// what automatic refills took this month. `iccid`: digits anywhere in the ICCID (a company has
// thousands of SIMs); anything else matches nothing.
export async function listPayableSims(scope: Scope, query: PayableSimsQuery, at: Date) {
  const page = Number.isSafeInteger(query.page) && (query.page ?? 1) > 0 ? (query.page ?? 1) : 1;
  const search = query.iccid?.replace(/[\s-]/g, "") ?? "";
  const matches = search === "" ? undefined : ICCID_SEARCH.test(search) ? like(sims.iccid, `%${search}%`) : sql`false`;
  const rows = await payableSimRows(scope, matches, at, { limit: PAYABLE_SIMS_PAGE_SIZE + 1, offset: (page - 1) * PAYABLE_SIMS_PAGE_SIZE });
  return { sims: rows.slice(0, PAYABLE_SIMS_PAGE_SIZE), page, hasNext: rows.length > PAYABLE_SIMS_PAGE_SIZE };
}

// One SIM the viewer pays for, with the same facts as a row of listPayableSims (its own page's card).
export async function findPayableSimWithRefills(scope: Scope, iccid: string, at: Date) {
  if (!/^\d{18,22}$/.test(iccid)) return null;
  const [row] = await payableSimRows(scope, eq(sims.iccid, iccid), at, { limit: 1, offset: 0 });
  return row ?? null;
}

async function payableSimRows(scope: Scope, matches: SQL | undefined, at: Date, window: { limit: number; offset: number }) {
  const shown = await getDb()
    .select({
      id: sims.id,
      iccid: sims.iccid,
      status: sims.status,
      statusReason: sims.statusReason,
      dataLeftBytes: sims.dataLeftBytes,
      validUntil: sims.validUntil,
      operatorName: operators.name,
      operatorDriver: operators.driver,
      plan: planTermsColumns,
    })
    .from(sims)
    .innerJoin(plans, eq(plans.id, sims.planId))
    .innerJoin(operators, eq(operators.id, sims.operatorId))
    .where(and(payableCondition(scope), matches))
    .orderBy(asc(sims.iccid))
    .limit(window.limit)
    .offset(window.offset);
  const ids = shown.map((s) => s.id);
  const [packages, refills, spent, waiting] = await Promise.all([
    packagesOf([...new Set(shown.map((s) => s.plan.id))]),
    autoRefillsOf(ids),
    autoRefillMonthTotals(getDb(), ids, at),
    paymentsWaitingForPayer(ids),
  ]);
  return shown.map((sim) => ({
    ...sim,
    refillPackages: packages.filter((p) => p.planId === sim.plan.id),
    autoRefill: refills.get(sim.id) ?? null,
    autoRefillMonthMinor: spent.get(sim.id) ?? 0,
    waitingPaymentId: waiting.get(sim.id) ?? null,
  }));
}

export type PayableSim = Awaited<ReturnType<typeof payableSimRows>>[number];

// The ids below come from payableSimRows' scoped page; these helpers are not exported.
function packagesOf(planIds: string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return getDb()
    .select({ id: planRefillPackages.id, planId: planRefillPackages.planId, dataBytes: planRefillPackages.dataBytes, validityDays: planRefillPackages.validityDays, priceMinor: planRefillPackages.priceMinor })
    .from(planRefillPackages)
    .where(inArray(planRefillPackages.planId, planIds))
    .orderBy(asc(planRefillPackages.priceMinor), asc(planRefillPackages.dataBytes), asc(planRefillPackages.id));
}

async function autoRefillsOf(simIds: number[]) {
  const rows = simIds.length === 0 ? [] : await getDb()
    .select({
      simId: autoRefills.simId,
      enabled: autoRefills.enabled,
      thresholdBytes: autoRefills.thresholdBytes,
      packageId: autoRefills.packageId,
      cardId: autoRefills.cardId,
      cardRemoved: sql<boolean>`${paymentCards.removedAt} IS NOT NULL`.mapWith(Boolean),
      monthlyCapMinor: autoRefills.monthlyCapMinor,
      consentText: autoRefills.consentText,
      consentAt: autoRefills.consentAt,
      pausedAt: autoRefills.pausedAt,
      pauseReason: autoRefills.pauseReason,
    })
    .from(autoRefills)
    .innerJoin(paymentCards, eq(paymentCards.id, autoRefills.cardId))
    .innerJoin(paymentCustomers, eq(paymentCustomers.id, paymentCards.customerId))
    .innerJoin(sims, eq(sims.id, autoRefills.simId))
    // Only the SIM's current payer's settings: those a former owner left are not theirs to see
    // (nor charged: lib/payments/auto-refill-job.ts).
    .where(and(inArray(autoRefills.simId, simIds), customerPaysForSim));
  return new Map(rows.map((r) => [r.simId, r] as const));
}

// The newest automatic refill of each SIM the bank wants the payer present for: its receipt page
// is where it is completed.
async function paymentsWaitingForPayer(simIds: number[]): Promise<Map<number, string>> {
  if (simIds.length === 0) return new Map();
  const rows = await getDb()
    .select({ simId: payments.simId, id: payments.id })
    .from(payments)
    .where(
      and(
        inArray(payments.simId, simIds),
        eq(payments.trigger, "auto_refill"),
        or(eq(payments.status, "requires_action"), and(eq(payments.status, "failed"), eq(payments.failureCode, "authentication_required"))),
      ),
    )
    .orderBy(asc(payments.createdAt), asc(payments.id));
  // Ascending, so the newest of each SIM is written last.
  return new Map(rows.flatMap((r) => (r.simId === null ? [] : [[r.simId, r.id] as const])));
}

// One SIM the viewer pays for, by ICCID: its currency (to read amounts typed for it) and its
// balance as it is now (what a refill's message quotes).
export async function findPayableSim(scope: Scope, iccid: string) {
  if (!/^\d{18,22}$/.test(iccid)) return null;
  const [row] = await getDb()
    .select({ id: sims.id, iccid: sims.iccid, dataLeftBytes: sims.dataLeftBytes, validUntil: sims.validUntil, currency: plans.currency })
    .from(sims)
    .innerJoin(plans, eq(plans.id, sims.planId))
    .where(and(eq(sims.iccid, iccid), payableCondition(scope)));
  return row ?? null;
}

// How many SIMs' auto-refill each of these cards pays for (ids from listCards, so the payer's own):
// removing a card turns them off, and the page says so first.
export async function countAutoRefillsByCard(cardIds: string[]): Promise<Map<string, number>> {
  if (cardIds.length === 0) return new Map();
  const rows = await getDb()
    .select({ cardId: autoRefills.cardId, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(autoRefills)
    .where(and(inArray(autoRefills.cardId, cardIds), eq(autoRefills.enabled, true)))
    .groupBy(autoRefills.cardId);
  return new Map(rows.map((r) => [r.cardId, r.n] as const));
}
