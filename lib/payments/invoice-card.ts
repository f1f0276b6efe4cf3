import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, paymentCards, paymentCustomers } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { cardLabel, usableCardOrThrow } from "./cards";
import { findCustomer, payerOf } from "./customers";
import { paymentProvider } from "./registry";

// The company card subscription invoices are charged to when they are issued
// (payment_customers.invoice_card_id, read by invoice-charges.ts). Chosen by a company admin;
// null: invoices are paid by hand on their page.

function companyOf(viewer: Viewer): string {
  const payer = payerOf(viewer);
  if (payer.kind !== "company") throw new AppError("forbidden", "Only a company's admins choose the card its invoices are charged to.");
  return payer.companyId;
}

// The card in use for invoices, or null (none chosen, or the chosen one was removed since).
export async function invoiceCardOf(viewer: Viewer): Promise<string | null> {
  const customer = await findCustomer(getDb(), paymentProvider().name, payerOf(viewer));
  if (!customer?.invoiceCardId) return null;
  const [card] = await getDb()
    .select({ id: paymentCards.id })
    .from(paymentCards)
    .where(and(eq(paymentCards.id, customer.invoiceCardId), isNull(paymentCards.removedAt)));
  return card?.id ?? null;
}

export async function setInvoiceCard(viewer: Viewer, cardId: string | null, at: Date): Promise<void> {
  const companyId = companyOf(viewer);
  const db = getDb();
  // The card must be one of the company's own; without one chosen there may be no customer yet.
  const chosen = cardId === null ? null : await usableCardOrThrow(db, viewer, cardId);
  const customer = chosen?.customer ?? (await findCustomer(db, paymentProvider().name, { kind: "company", companyId }));
  if (!customer) return;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(paymentCustomers).where(eq(paymentCustomers.id, customer.id)).for("update");
    const previous = before?.invoiceCardId ?? null;
    if (previous === (chosen?.card.id ?? null)) return;
    const [old] = previous ? await tx.select().from(paymentCards).where(eq(paymentCards.id, previous)) : [];
    await tx.update(paymentCustomers).set({ invoiceCardId: chosen?.card.id ?? null }).where(eq(paymentCustomers.id, customer.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "payment_customer.invoice_card",
        targetType: "payment_customer",
        targetId: customer.id,
        companyId,
        before: { invoiceCard: old ? cardLabel(old) : null },
        after: { invoiceCard: chosen ? cardLabel(chosen.card) : null },
      }),
    );
  });
}
