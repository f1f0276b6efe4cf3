import { and, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { invoices, paymentCards, paymentCustomers } from "@/db/schema";
import { isUniqueViolation } from "@/db/sql";
import { logger } from "@/lib/logger";
import { storePayment, submitPayment } from "./charge";
import type { PaymentProvider } from "./provider";
import { paymentProvider } from "./registry";

// Subscription invoices charged to the company's chosen card when they are issued (run after the
// `issue-invoices` job). One attempt per invoice (key `invoice-auto:<id>`): a decline leaves the
// invoice to be paid by hand on its page; an invoice already paid or being paid is skipped.

const RECENT_MS = 7 * 86_400_000;

export type InvoiceChargeSummary = { charged: number; succeeded: number; failed: number };

export async function chargeIssuedInvoices(options: { db: Db; now: () => Date; provider?: PaymentProvider }): Promise<InvoiceChargeSummary> {
  const { db } = options;
  const provider = options.provider ?? paymentProvider();
  const at = options.now();
  const due = await db
    .select({ invoice: invoices, customerId: paymentCustomers.id, cardId: paymentCards.id })
    .from(invoices)
    .innerJoin(paymentCustomers, and(eq(paymentCustomers.companyId, invoices.companyId), eq(paymentCustomers.provider, provider.name)))
    .innerJoin(paymentCards, and(eq(paymentCards.id, paymentCustomers.invoiceCardId), isNull(paymentCards.removedAt)))
    .where(
      and(
        eq(invoices.kind, "invoice"),
        sql`${invoices.totalMinor} > 0`,
        gte(invoices.issuedAt, new Date(at.getTime() - RECENT_MS)),
        sql`NOT EXISTS (SELECT 1 FROM invoices c WHERE c.credits_invoice_id = ${invoices.id})`,
        sql`NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = ${invoices.id} AND (p.status NOT IN ('failed', 'canceled') OR p.trigger = 'invoice_auto'))`,
      ),
    );
  const summary: InvoiceChargeSummary = { charged: 0, succeeded: 0, failed: 0 };
  for (const { invoice, customerId, cardId } of due) {
    try {
      const payment = await storePayment(
        db,
        provider,
        { purpose: "invoice", trigger: "invoice_auto", customerId, cardId, companyId: invoice.companyId, invoiceId: invoice.id, amountMinor: invoice.totalMinor, currency: invoice.currency, idempotencyKey: `invoice-auto:${invoice.id}` },
        at,
      );
      summary.charged += 1;
      const settled = await submitPayment(db, provider, payment, at);
      if (settled.payment.status === "succeeded") summary.succeeded += 1;
      if (settled.payment.status === "failed") summary.failed += 1;
    } catch (error) {
      // Paid by hand meanwhile: nothing to charge.
      if (isUniqueViolation(error, "payments_invoice_open_key")) continue;
      summary.failed += 1;
      logger.error("invoice not charged", { invoiceId: invoice.id, error });
    }
  }
  return summary;
}
