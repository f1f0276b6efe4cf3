// GET /invoices: subscription invoices and credit notes; company admins their company's, platform staff all.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { BadView, PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { listInvoices } from "@/db/queries/invoices";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { periodLabel } from "@/lib/billing/billing-period";
import { AppError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { formatMoney } from "@/lib/money";

export const metadata = { title: "Invoices · SIM Portal" };

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const viewer = await requirePermission("invoices:read");
  const scope = scopeOf(viewer);
  const { before } = await searchParams;
  const page = await listInvoices(scope, { before: typeof before === "string" ? before : undefined }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "invalid_input") return error;
    throw error;
  });
  if (page instanceof AppError) return <BadView title="Invoices" messages={[page.userMessage]} resetHref="/invoices" resetLabel="Show the latest invoices" />;
  const platform = scope.kind === "platform";

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Invoices"
        description={
          platform
            ? "Every company's monthly subscription invoices and credit notes, newest first."
            : "Your monthly subscription invoices: each SIM's monthly fee and its data beyond the plan's included data. Newest first."
        }
      />
      {page.invoices.length === 0 ? (
        <EmptyState
          title="No invoices yet"
          description="An invoice is issued per company and currency when a month ends, for the SIMs on a subscription plan that have started using data."
        />
      ) : (
        <>
          <Table label="Invoices">
            <THead>
              <tr>
                <TH>Number</TH>
                {platform ? <TH>Company</TH> : null}
                <TH>Period</TH>
                <TH>Issued</TH>
                <TH>Currency</TH>
                <TH align="right">Total</TH>
              </tr>
            </THead>
            <TBody>
              {page.invoices.map((invoice) => (
                <tr key={invoice.id} className="border-b border-slate-100 text-sm last:border-b-0">
                  <td className="px-3 py-2.5 font-medium whitespace-nowrap text-slate-900">
                    <Link href={`/invoices/${invoice.id}`} className="hover:underline">
                      {invoice.number}
                    </Link>
                    {invoice.kind === "credit_note" ? (
                      <Badge tone="amber" className="ml-2">
                        Credit note
                      </Badge>
                    ) : null}
                  </td>
                  {platform ? <td className="px-3 py-2.5 text-slate-700">{invoice.companyName}</td> : null}
                  <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">{periodLabel(invoice.periodStart)}</td>
                  <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">{formatDate(invoice.issuedAt)}</td>
                  <td className="px-3 py-2.5 text-slate-700">{invoice.currency}</td>
                  <td className="px-3 py-2.5 text-right whitespace-nowrap tabular-nums">{formatMoney(invoice.totalMinor, invoice.currency)}</td>
                </tr>
              ))}
            </TBody>
          </Table>
          <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-2">
            <PageLink href={before ? "/invoices" : null}>Newest</PageLink>
            <PageLink href={page.nextCursor ? `/invoices?before=${encodeURIComponent(page.nextCursor)}` : null}>Older →</PageLink>
          </nav>
        </>
      )}
    </div>
  );
}
