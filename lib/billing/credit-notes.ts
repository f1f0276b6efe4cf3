import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { invoiceScopeCondition } from "@/db/queries/invoices";
import { auditLog, invoices } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import { scopeOf, type Viewer } from "@/lib/auth/load-viewer";
import { AppError } from "@/lib/errors";
import { CREDIT_REASON_MAX_LENGTH } from "./credit-limits";
import { allocateInvoiceNumber } from "./invoice-numbers";

// A credit note cancels an issued invoice in full: its own number in the same series, the same
// company, period and currency, and every line mirrored with the opposite amount. The invoice
// itself never changes (the tables refuse UPDATE); an invoice is credited at most once.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createCreditNote(viewer: Viewer, invoiceId: string, reason: string, at: Date): Promise<{ id: string; number: string }> {
  // Staff only: "admin:access" is the platform-staff permission.
  if (!can(viewer, "admin:access")) throw new AppError("forbidden", "Only platform staff can issue credit notes.");
  const why = reason.trim();
  if (why.length < 3) throw new AppError("invalid_input", "Say why the invoice is credited (at least 3 characters).");
  if (why.length > CREDIT_REASON_MAX_LENGTH) throw new AppError("invalid_input", `A reason can be at most ${CREDIT_REASON_MAX_LENGTH} characters.`);
  if (!UUID.test(invoiceId)) throw new AppError("not_found", "This invoice does not exist.");
  return getDb().transaction(async (tx) => {
    // Two staff crediting the same invoice at once: the second waits here and then finds the first.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`credit-note:${invoiceId}`}, 0))`);
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.id, invoiceId), invoiceScopeCondition(scopeOf(viewer))));
    if (!invoice) throw new AppError("not_found", "This invoice does not exist.");
    if (invoice.kind !== "invoice") throw new AppError("invalid_input", "A credit note cannot itself be credited.");
    const [existing] = await tx
      .select({ number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.creditsInvoiceId, invoice.id), eq(invoices.kind, "credit_note")));
    if (existing) throw new AppError("conflict", `This invoice was already credited by ${existing.number}.`);

    const number = await allocateInvoiceNumber(tx, at);
    const [note] = await tx
      .insert(invoices)
      .values({
        number,
        kind: "credit_note",
        creditsInvoiceId: invoice.id,
        reason: why,
        companyId: invoice.companyId,
        currency: invoice.currency,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        timeZone: invoice.timeZone,
        issuedAt: at,
        issuedBy: viewer.userId,
        totalMinor: -invoice.totalMinor,
      })
      .returning({ id: invoices.id });
    if (!note) throw new Error("credit note insert returned nothing");
    // Mirrored in one statement, however many lines the invoice has.
    await tx.execute(sql`
      INSERT INTO invoice_lines (invoice_id, position, sim_id, iccid, plan_id, plan_name, kind, description,
        usage_bytes, included_bytes, billable_bytes, rate_per_mb_micros, amount_minor)
      SELECT ${note.id}::uuid, position, sim_id, iccid, plan_id, plan_name, kind, 'Credit: ' || description,
        usage_bytes, included_bytes, billable_bytes, rate_per_mb_micros, -amount_minor
      FROM invoice_lines WHERE invoice_id = ${invoice.id}::uuid`);
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "invoice.credit",
        targetType: "invoice",
        targetId: invoice.number,
        companyId: invoice.companyId,
        before: { invoice: invoice.number, totalMinor: invoice.totalMinor, currency: invoice.currency },
        after: { creditNote: number, creditNoteId: note.id, totalMinor: -invoice.totalMinor, reason: why },
      }),
    );
    return { id: note.id, number };
  });
}
