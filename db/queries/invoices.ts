import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { companies, invoiceLines, invoices, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";

// Invoices and credit notes as a viewer may read them: staff all, a company admin their
// company's, end users none.
export function invoiceScopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(invoices.companyId, scope.companyId);
    case "end_user":
      return sql`false`;
  }
}

export const INVOICE_PAGE_SIZE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Newest first; `before` is the cursor of the last row of the previous page.
export async function listInvoices(scope: Scope, options: { before?: string } = {}) {
  const cursor = options.before ? parseCursor(options.before) : null;
  const rows = await getDb()
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      companyName: companies.name,
      currency: invoices.currency,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      issuedAt: invoices.issuedAt,
      totalMinor: invoices.totalMinor,
    })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .where(
      and(
        invoiceScopeCondition(scope),
        cursor ? or(lt(invoices.issuedAt, cursor.issuedAt), and(eq(invoices.issuedAt, cursor.issuedAt), lt(invoices.number, cursor.number))) : undefined,
      ),
    )
    .orderBy(desc(invoices.issuedAt), desc(invoices.number))
    .limit(INVOICE_PAGE_SIZE + 1);
  const page = rows.slice(0, INVOICE_PAGE_SIZE);
  const last = page.at(-1);
  return { invoices: page, nextCursor: rows.length > INVOICE_PAGE_SIZE && last ? `${last.issuedAt.toISOString()}~${last.number}` : null };
}

export type InvoiceListRow = Awaited<ReturnType<typeof listInvoices>>["invoices"][number];

function parseCursor(token: string): { issuedAt: Date; number: string } {
  const [iso, number] = token.split("~");
  const issuedAt = new Date(iso ?? "");
  if (!number || Number.isNaN(issuedAt.getTime())) throw new AppError("invalid_input", "This page link is not valid.");
  return { issuedAt, number };
}

const credited = alias(invoices, "credited");
const creditNote = alias(invoices, "credit_note");

// One invoice or credit note with its lines; null when it does not exist in the viewer's scope.
export async function findInvoice(scope: Scope, id: string) {
  if (!UUID.test(id)) return null;
  const db = getDb();
  const [invoice] = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      reason: invoices.reason,
      companyId: invoices.companyId,
      companyName: companies.name,
      currency: invoices.currency,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      timeZone: invoices.timeZone,
      issuedAt: invoices.issuedAt,
      issuedByEmail: users.email,
      totalMinor: invoices.totalMinor,
      credits: { id: credited.id, number: credited.number },
      creditedBy: { id: creditNote.id, number: creditNote.number },
    })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .leftJoin(users, eq(users.id, invoices.issuedBy))
    .leftJoin(credited, eq(credited.id, invoices.creditsInvoiceId))
    .leftJoin(creditNote, and(eq(creditNote.creditsInvoiceId, invoices.id), eq(creditNote.kind, "credit_note")))
    .where(and(eq(invoices.id, id), invoiceScopeCondition(scope)));
  if (!invoice) return null;
  const lines = await invoiceLinesAfter(invoice.id, 0, INVOICE_PAGE_LINES);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id));
  return { ...invoice, lines, lineCount: counted?.n ?? lines.length };
}

// The page shows this many lines (a fleet's invoice can have tens of thousands); the CSV has all.
export const INVOICE_PAGE_LINES = 2_000;

function invoiceLinesAfter(invoiceId: string, position: number, limit: number) {
  return getDb()
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), gt(invoiceLines.position, position)))
    .orderBy(asc(invoiceLines.position))
    .limit(limit);
}

// Every line of an invoice found with findInvoice (so already in the viewer's scope), in batches.
export async function* iterateInvoiceLines(invoiceId: string) {
  let position = 0;
  for (;;) {
    const batch = await invoiceLinesAfter(invoiceId, position, 5_000);
    if (batch.length === 0) return;
    yield batch;
    position = batch.at(-1)?.position ?? position;
  }
}

export type InvoiceDetail = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;
