// GET /admin/payments: every card payment, what needs attention first; platform staff only.
import Link from "next/link";
import { StaffAttention } from "@/components/payments/staff-attention";
import { StaffPaymentFilters } from "@/components/payments/staff-payment-filters";
import { StaffPaymentsTable } from "@/components/payments/staff-payments-table";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { BadView, PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { STAFF_PAYMENTS_PAGE_SIZE, staffListPayments, staffPaymentsNeedingAttention } from "@/db/queries/payments-staff";
import { listCompanyChoices } from "@/db/queries/users-admin";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { isFiltered, parsePaymentsQuery, paymentFiltersOf, PAYMENTS_PATH, paymentsPageHref, type SearchParams } from "./query";

export const metadata = { title: "Payments · SIM Portal" };

export default async function StaffPaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("payments:refund");
  const parsed = parsePaymentsQuery(await searchParams);
  if (!parsed.ok) return <BadView title="Payments" messages={parsed.errors} resetHref={PAYMENTS_PATH} resetLabel="Show every payment" />;
  const query = parsed.query;
  const scope = scopeOf(viewer);
  const clock = now();
  const [attention, list, companies] = await Promise.all([staffPaymentsNeedingAttention(scope, clock), staffListPayments(scope, paymentFiltersOf(query)), listCompanyChoices()]);
  const first = (list.page - 1) * STAFF_PAYMENTS_PAGE_SIZE + 1;

  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title="Payments" description="Card payments of every company and end user: refills, wallet top-ups and invoices. Open a payment to see its details or refund it." />
      <StaffAttention attention={attention} now={clock} />
      <section aria-labelledby="all-payments">
        <h2 id="all-payments" className="mb-3 text-sm font-semibold text-slate-900">
          All payments
        </h2>
        <StaffPaymentFilters path={PAYMENTS_PATH} query={query} companies={companies} />
        {list.rows.length === 0 ? (
          <EmptyState
            title={isFiltered(query) || list.page > 1 ? "No payments match" : "No payments yet"}
            description={
              isFiltered(query)
                ? "The search matches a whole ICCID, payment id or provider payment id. Try fewer filters, or clear them."
                : list.page > 1
                  ? "This page is past the last payment."
                  : "Payments appear here as soon as someone pays by card or an auto-refill charges a card."
            }
            action={
              isFiltered(query) || list.page > 1 ? (
                <Link href={PAYMENTS_PATH} className={buttonClasses({ variant: "secondary" })}>
                  Show every payment
                </Link>
              ) : undefined
            }
          />
        ) : (
          <>
            <StaffPaymentsTable rows={list.rows} />
            <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-3">
              <span className="text-sm text-slate-500 tabular-nums">
                {first.toLocaleString("en-US")}–{(first + list.rows.length - 1).toLocaleString("en-US")}
              </span>
              <PageLink href={list.page > 1 ? paymentsPageHref(query, list.page - 1) : null}>← Newer</PageLink>
              <PageLink href={list.hasMore ? paymentsPageHref(query, list.page + 1) : null}>Older →</PageLink>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
