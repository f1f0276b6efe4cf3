// GET /invoices/[id]: one invoice or credit note, printable; its company's admins and platform staff.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { findInvoice } from "@/db/queries/invoices";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { periodLabel } from "@/lib/billing/billing-period";
import { formatExactMb } from "@/lib/billing/invoice-lines";
import { formatDate } from "@/lib/format";
import { formatMoney, formatRatePerMb } from "@/lib/money";
import { CreditNoteForm } from "./credit-note-form";
import { PayByCard } from "./pay-by-card";
import { DocumentToolbar } from "@/components/ui/document-toolbar";

export const metadata = { title: "Invoice · SIM Portal" };

// The portal's header belongs to the layout; on paper only the document should show, so this page
// hides it (and the page's own controls carry print:hidden).

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("invoices:read");
  const { id } = await params;
  const invoice = await findInvoice(scopeOf(viewer), id);
  if (!invoice) notFound();
  const credit = invoice.kind === "credit_note";
  const title = credit ? "Credit note" : "Invoice";
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const lastDay = new Date(`${invoice.periodEnd}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);

  return (
    <div className="mx-auto max-w-5xl space-y-6 print:max-w-none print:space-y-4">
      <DocumentToolbar backHref="/invoices" backLabel="All invoices" csvHref={`/invoices/${invoice.id}/csv`} />

      <Card className="print:border-0 print:shadow-none">
        <CardContent className="space-y-6">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h1 className="text-xl font-semibold tracking-tight text-slate-900">
                {title} {invoice.number}
              </h1>
              <p className="mt-1 text-sm text-slate-600">{invoice.companyName}</p>
            </div>
            <div className="text-right">
              <div className="text-xs font-medium text-slate-500">{credit ? "Total credited" : "Total due"}</div>
              <div className="text-2xl font-semibold text-slate-900 tabular-nums">{money(invoice.totalMinor)}</div>
            </div>
          </div>
          <DetailList columns={3}>
            <DetailItem label="Billing period">
              {periodLabel(invoice.periodStart)}
              <div className="text-xs text-slate-500">
                {formatDate(new Date(`${invoice.periodStart}T00:00:00Z`))} – {formatDate(lastDay)}, {invoice.timeZone}
              </div>
            </DetailItem>
            <DetailItem label="Issued">{formatDate(invoice.issuedAt)}</DetailItem>
            <DetailItem label="Currency">{invoice.currency}</DetailItem>
            {invoice.credits ? (
              <DetailItem label="Credits invoice">
                <Link href={`/invoices/${invoice.credits.id}`} className="hover:underline">
                  {invoice.credits.number}
                </Link>
              </DetailItem>
            ) : null}
            {invoice.reason ? <DetailItem label="Reason">{invoice.reason}</DetailItem> : null}
            {invoice.creditedBy ? (
              <DetailItem label="Credited by">
                <Link href={`/invoices/${invoice.creditedBy.id}`} className="hover:underline">
                  {invoice.creditedBy.number}
                </Link>
              </DetailItem>
            ) : null}
          </DetailList>
        </CardContent>
      </Card>

      {!credit ? <PayByCard viewer={viewer} invoice={{ id: invoice.id, totalMinor: invoice.totalMinor, currency: invoice.currency, cancelled: invoice.creditedBy !== null }} /> : null}

      <Table label={`${title} lines`} containerClassName="max-h-none print:overflow-visible print:border-0 print:shadow-none">
        <THead>
          <tr>
            <TH>SIM (ICCID)</TH>
            <TH>Plan</TH>
            <TH>Description</TH>
            <TH align="right">Used in period</TH>
            <TH align="right">Rate</TH>
            <TH align="right">Amount</TH>
          </tr>
        </THead>
        <TBody>
          {invoice.lines.map((line) => (
            <tr key={line.id} className="border-b border-slate-100 align-top text-sm">
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-900">{line.iccid}</td>
              <td className="px-3 py-2 text-slate-700">{line.planName}</td>
              <td className="px-3 py-2 text-slate-700">{line.description}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap text-slate-700 tabular-nums">{formatExactMb(line.usageBytes)}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap text-slate-700 tabular-nums">
                {line.ratePerMbMicros === null ? "" : formatRatePerMb(line.ratePerMbMicros, invoice.currency)}
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap text-slate-900 tabular-nums">{money(line.amountMinor)}</td>
            </tr>
          ))}
          <tr className="text-sm">
            <th scope="row" colSpan={5} className="px-3 py-3 text-right font-semibold text-slate-900">
              Total
            </th>
            <td className="px-3 py-3 text-right font-semibold whitespace-nowrap text-slate-900 tabular-nums">{money(invoice.totalMinor)}</td>
          </tr>
        </TBody>
      </Table>
      {invoice.lineCount > invoice.lines.length ? (
        <p role="status" className="text-sm text-slate-600">
          Showing the first {invoice.lines.length.toLocaleString("en-US")} of {invoice.lineCount.toLocaleString("en-US")} lines; the total covers them
          all, and the CSV download lists every line.
        </p>
      ) : null}
      <p className="text-xs text-slate-500">
        Each SIM on a subscription plan pays the plan&apos;s monthly fee; data beyond the included data is priced per MB (1 MB = 1,000,000
        bytes) and each line is rounded once, half up, to the smallest unit of the currency.
      </p>

      {!credit && !invoice.creditedBy && can(viewer, "admin:access") ? (
        <Card className="print:hidden">
          <CardHeader title="Credit this invoice" description="An issued invoice never changes: a credit note with its own number cancels it in full." />
          <CardContent>
            <CreditNoteForm invoiceId={invoice.id} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
