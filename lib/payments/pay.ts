import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { isUniqueViolation } from "@/db/sql";
import { invoices, payments, planRefillPackages, wallets } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { isUuid } from "@/lib/uuid";
import { usableCardOrThrow } from "./cards";
import { payableSimOrThrow } from "./customers";
import { type PaymentDraft, storePayment, submitPayment } from "./charge";
import type { Payment } from "./credit";
import { paymentProvider } from "./registry";
import type { Settled } from "./settle";

// Payments someone makes on the page with a saved card: a refill of a prepaid SIM, a top-up of the
// company's PAYGO wallet, a subscription invoice. The idempotency key comes from the form (made
// when it was shown), so a double click or a resubmission pays once. What was bought is credited
// the moment the provider says the payment succeeded (lib/payments/settle.ts).

export const TOP_UP_MIN_MINOR = 500;
export const TOP_UP_MAX_MINOR = 1_000_000;

function checkKey(key: string): void {
  if (!isUuid(key)) throw new AppError("invalid_input", "This form has expired: reload the page and try again.");
}

export async function refillByCard(viewer: Viewer, input: { iccid: string; packageId: string; cardId: string; idempotencyKey: string }, at: Date): Promise<Settled> {
  checkKey(input.idempotencyKey);
  const sim = await payableSimOrThrow(getDb(), viewer, input.iccid);
  const [pack] = isUuid(input.packageId)
    ? await getDb()
        .select()
        .from(planRefillPackages)
        .where(and(eq(planRefillPackages.id, input.packageId), eq(planRefillPackages.planId, sim.planId)))
    : [];
  if (!pack) throw new AppError("invalid_input", "Choose one of the plan's refill packages.");
  return pay(viewer, input.cardId, {
    purpose: "refill",
    companyId: sim.companyId,
    userId: sim.endUserId,
    simId: sim.id,
    refillPackageId: pack.id,
    packageDataBytes: pack.dataBytes,
    packageValidityDays: pack.validityDays,
    amountMinor: pack.priceMinor,
    currency: sim.currency,
    idempotencyKey: `manual:${input.idempotencyKey}`,
  }, at);
}

export async function topUpWalletByCard(viewer: Viewer, input: { walletId: string; amountMinor: number; cardId: string; idempotencyKey: string }, at: Date): Promise<Settled> {
  checkKey(input.idempotencyKey);
  if (viewer.role !== "company_admin" || !viewer.companyId) throw new AppError("forbidden", "Only the company's admins top up its wallet.");
  const [wallet] = isUuid(input.walletId)
    ? await getDb().select().from(wallets).where(and(eq(wallets.id, input.walletId), eq(wallets.companyId, viewer.companyId)))
    : [];
  if (!wallet) throw new AppError("not_found", "This wallet does not exist.");
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < TOP_UP_MIN_MINOR || input.amountMinor > TOP_UP_MAX_MINOR) {
    throw new AppError("invalid_input", `Top up between ${formatMoney(TOP_UP_MIN_MINOR, wallet.currency)} and ${formatMoney(TOP_UP_MAX_MINOR, wallet.currency)}.`);
  }
  return pay(viewer, input.cardId, { purpose: "wallet_top_up", companyId: wallet.companyId, walletId: wallet.id, amountMinor: input.amountMinor, currency: wallet.currency, idempotencyKey: `manual:${input.idempotencyKey}` }, at);
}

export async function payInvoiceByCard(viewer: Viewer, input: { invoiceId: string; cardId: string; idempotencyKey: string }, at: Date): Promise<Settled> {
  checkKey(input.idempotencyKey);
  if (viewer.role !== "company_admin" || !viewer.companyId) throw new AppError("forbidden", "Only the company's admins pay its invoices.");
  const invoice = await payableInvoiceOrThrow(viewer.companyId, input.invoiceId);
  return pay(viewer, input.cardId, { purpose: "invoice", companyId: invoice.companyId, invoiceId: invoice.id, amountMinor: invoice.totalMinor, currency: invoice.currency, idempotencyKey: `manual:${input.idempotencyKey}` }, at);
}

// An issued invoice of the company with something to pay, not cancelled by a credit note.
export async function payableInvoiceOrThrow(companyId: string, invoiceId: string) {
  const [invoice] = isUuid(invoiceId)
    ? await getDb()
        .select({
          id: invoices.id,
          companyId: invoices.companyId,
          totalMinor: invoices.totalMinor,
          currency: invoices.currency,
          credited: sql<boolean>`EXISTS (SELECT 1 FROM invoices c WHERE c.credits_invoice_id = ${invoices.id})`.mapWith(Boolean),
        })
        .from(invoices)
        .where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId), eq(invoices.kind, "invoice")))
    : [];
  if (!invoice) throw new AppError("not_found", "This invoice does not exist.");
  if (invoice.credited) throw new AppError("invalid_input", "This invoice was cancelled by a credit note: there is nothing to pay.");
  if (invoice.totalMinor <= 0) throw new AppError("invalid_input", "This invoice has nothing to pay.");
  return invoice;
}

type ManualDraft = Omit<PaymentDraft, "customerId" | "cardId" | "trigger" | "createdBy">;

async function pay(viewer: Viewer, cardId: string, draft: ManualDraft, at: Date): Promise<Settled> {
  const db = getDb();
  const provider = paymentProvider();
  const { card, customer } = await usableCardOrThrow(db, viewer, cardId);
  await refuseWhileUnconfirmed(viewer, draft);
  let payment: Payment;
  try {
    payment = await storePayment(db, provider, { ...draft, customerId: customer.id, cardId: card.id, trigger: "manual", createdBy: viewer.userId }, at);
  } catch (error) {
    if (isUniqueViolation(error, "payments_invoice_open_key")) throw new AppError("conflict", "This invoice is already paid or being paid.");
    throw error;
  }
  // The key was used already: for this very payment (a double click), or by a form since changed
  // (another card or package) which must not be answered with the first payment.
  const same =
    payment.createdBy === viewer.userId &&
    payment.cardId === card.id &&
    payment.purpose === draft.purpose &&
    payment.amountMinor === draft.amountMinor &&
    (payment.simId ?? null) === (draft.simId ?? null) &&
    (payment.refillPackageId ?? null) === (draft.refillPackageId ?? null) &&
    (payment.walletId ?? null) === (draft.walletId ?? null) &&
    (payment.invoiceId ?? null) === (draft.invoiceId ?? null);
  if (!same) throw new AppError("conflict", "This form was already used: reload the page and try again.");
  return submitPayment(db, provider, payment, at);
}

// A payment of the same thing by the same person whose answer is still awaited (the payment
// service timed out, say) may yet go through: a second one is refused until it is settled.
async function refuseWhileUnconfirmed(viewer: Viewer, draft: ManualDraft): Promise<void> {
  const target = draft.simId ? eq(payments.simId, draft.simId) : draft.walletId ? eq(payments.walletId, draft.walletId) : draft.invoiceId ? eq(payments.invoiceId, draft.invoiceId) : sql`false`;
  const [waiting] = await getDb()
    .select({ id: payments.id })
    .from(payments)
    .where(and(target, eq(payments.createdBy, viewer.userId), eq(payments.trigger, "manual"), inArray(payments.status, ["pending", "processing"]), sql`${payments.idempotencyKey} <> ${draft.idempotencyKey}`))
    .limit(1);
  if (waiting) throw new AppError("conflict", "An earlier payment for this is still being confirmed by the payment service. Check Payments on your account page in a minute before paying again.");
}
