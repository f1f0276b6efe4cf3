import { randomUUID } from "node:crypto";
import Link from "next/link";
import { BulkActionForm } from "@/components/sims/bulk-action-form";
import { SimsFilters } from "@/components/sims/sims-filters";
import { SimsTable } from "@/components/sims/sims-table";
import { StatusCounts } from "@/components/sims/status-counts";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { BadView, PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { listBulkOptions } from "@/db/queries/bulk-options";
import { listSimFilterOptions } from "@/db/queries/sim-filters";
import { countSimsByStatus, listSims } from "@/db/queries/sims-list";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { bulkActionChoices } from "@/lib/sims/bulk/actions";
import { parseSimListQuery, simListHref, type SearchParams } from "@/lib/sims/list-query";

export const metadata = { title: "SIMs · SIM Portal" };

// GET /sims: the SIMs list; every signed-in role, each within its own scope.
export default async function SimsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("sims:read");
  const parsed = parseSimListQuery(await searchParams);
  if (!parsed.ok) return <BadView title="SIMs" messages={parsed.errors} resetHref={"/sims"} resetLabel="Show all SIMs" />;
  const query = parsed.query;
  const scope = scopeOf(viewer);

  // The rows, the counts and the filter choices are independent reads: one round trip, not three.
  const bulkChoices = bulkActionChoices(viewer);
  const [page, counts, options, bulkOptions] = await Promise.all([
    listSims(scope, query, now()).catch((error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    }),
    countSimsByStatus(scope, query),
    listSimFilterOptions(scope, viewer),
    bulkChoices.length > 0 ? listBulkOptions(scope) : null,
  ]);
  if (page instanceof AppError) return <BadView title="SIMs" messages={[page.userMessage]} resetHref={"/sims"} resetLabel="Show all SIMs" />;
  const exportHref = simListHref(query, { after: undefined, before: undefined, size: undefined }, "/sims/export");
  const viewCount = query.status ? (counts[query.status] ?? 0) : Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);

  return (
    <>
      <PageHeader
        title="SIMs"
        description={
          viewer.role === "end_user"
            ? "Your SIMs: status, data left and usage."
            : "Status, usage, data left and days left of every SIM in your fleet."
        }
        actions={
          <>
            {bulkChoices.length > 0 ? (
              <Link href="/sims/bulk" className={buttonClasses({ variant: "ghost" })}>
                Bulk actions
              </Link>
            ) : null}
            <a href={exportHref} className={buttonClasses({ variant: "secondary" })} download>
              Export CSV
            </a>
          </>
        }
      />
      <StatusCounts query={query} counts={counts} />
      <SimsFilters
        query={query}
        operators={options.operators}
        companies={can(viewer, "sims:all-companies") ? options.companies : null}
        labels={options.labels}
      />
      {page.rows.length === 0 ? (
        <EmptyState
          title="No SIMs match this view"
          description={query.q || query.status ? "Try another search or clear the filters." : "There are no SIMs here yet."}
          action={
            <Link href="/sims" className={buttonClasses({ variant: "secondary" })}>
              Clear filters
            </Link>
          }
        />
      ) : (
        <>
          {bulkOptions ? (
            <BulkActionForm
              choices={bulkChoices}
              view={simListHref(query, { after: undefined, before: undefined, sort: undefined, dir: undefined, size: undefined }, "").replace(/^\?/, "")}
              viewCount={viewCount}
              options={bulkOptions}
              formKey={randomUUID()}
            />
          ) : null}
          <SimsTable query={query} rows={page.rows} selectable={bulkChoices.length > 0} />
          <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-2">
            <PageLink href={page.prev ? simListHref(query, { before: page.prev, after: undefined }) : null}>
              ← Previous
            </PageLink>
            <PageLink href={page.next ? simListHref(query, { after: page.next, before: undefined }) : null}>Next →</PageLink>
          </nav>
        </>
      )}
    </>
  );
}
