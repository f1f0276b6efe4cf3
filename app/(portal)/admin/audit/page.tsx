import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AUDIT_PATH, auditFiltersOf, auditListHref, isFiltered, parseAuditListQuery, type SearchParams } from "@/components/audit/audit-query";
import { AuditTable } from "@/components/audit/audit-table";
import { TARGET_TYPE_LABELS } from "@/components/audit/labels";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { BadView, PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntries } from "@/db/queries/audit";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";

export const metadata = { title: "Audit log · SIM Portal" };

// Target types a company's entries can have; platform ones (operators, plans, imports, the seed)
// are staff's only.
const COMPANY_TARGET_TYPES = ["sim", "label", "company", "user"] as const;

// GET /admin/audit: the audit log; platform staff see every entry, company admins their company's.
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("audit:read");
  const parsed = parseAuditListQuery(await searchParams);
  if (!parsed.ok) return <BadView title="Audit log" messages={parsed.errors} resetHref={AUDIT_PATH} resetLabel="Show the whole audit log" />;
  const query = parsed.query;
  const scope = scopeOf(viewer);

  const page = await listAuditEntries(scope, auditFiltersOf(query)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "invalid_input") return error;
    throw error;
  });
  if (page instanceof AppError) return <BadView title="Audit log" messages={[page.userMessage]} resetHref={AUDIT_PATH} resetLabel="Show the whole audit log" />;
  const platform = scope.kind === "platform";

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          platform
            ? "Every change made in the portal: who, when, what and the values before and after. Newest first."
            : `Every change made to ${viewer.companyName ?? "your company"}'s SIMs and records: who, when and what changed. Newest first.`
        }
      />
      <AuditFilters query={query} targetTypes={platform ? Object.keys(TARGET_TYPE_LABELS) : COMPANY_TARGET_TYPES} />
      {page.rows.length === 0 ? (
        <EmptyState
          title={isFiltered(query) ? "No entries match these filters" : "No audit entries yet"}
          description={
            isFiltered(query)
              ? "The target id and actor e-mail must match exactly (a whole ICCID, a whole address). Try a wider date range, a shorter action prefix, or clear the filters."
              : platform
                ? "Each change appears here as it is made: SIMs suspended or resumed, operator settings edited, and every other change to SIMs, plans, users, labels, companies and payment settings."
                : "Each change to your company appears here as it is made, for example a SIM suspended or resumed, with who made it and what changed."
          }
          action={
            isFiltered(query) ? (
              <Link href={AUDIT_PATH} className={buttonClasses({ variant: "secondary" })}>
                Clear filters
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <AuditTable rows={page.rows} linkOperators={can(viewer, "operators:manage")} />
          <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-2">
            <PageLink href={page.prev ? auditListHref(query, { before: page.prev, after: undefined }) : null}>← Newer</PageLink>
            <PageLink href={page.next ? auditListHref(query, { after: page.next, before: undefined }) : null}>Older →</PageLink>
          </nav>
        </>
      )}
    </>
  );
}
