// GET /admin/users: everyone who can sign in; invite company admins, change roles, deactivate; platform staff only.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BadView } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { InviteAdminForm } from "@/components/users/invite-admin-form";
import { UserFilters } from "@/components/users/user-filters";
import { isFiltered, parseUsersQuery, type SearchParams, userFiltersOf, USERS_PATH } from "@/components/users/users-query";
import { UsersTable } from "@/components/users/users-table";
import { listCompanyChoices, listUsers, USERS_LIST_LIMIT } from "@/db/queries/users-admin";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { INVITE_VALID_DAYS } from "@/lib/users/invites";

export const metadata = { title: "Users · SIM Portal" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("users:manage");
  const parsed = parseUsersQuery(await searchParams);
  if (!parsed.ok) return <BadView title="Users" messages={parsed.errors} resetHref={USERS_PATH} resetLabel="Show everyone" />;
  const query = parsed.query;
  const [page, companies] = await Promise.all([listUsers(scopeOf(viewer), userFiltersOf(query)), listCompanyChoices()]);

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <PageHeader
        title="Users"
        description="Everyone who can sign in: platform staff, company admins and end users. A change applies from the person's next request."
      />
      <Card>
        <CardHeader title="Invite a company admin" description={`They get a link to choose a password, valid for ${INVITE_VALID_DAYS} days, and then manage their company's SIMs.`} />
        <CardContent>
          {companies.length === 0 ? (
            <p className="text-sm text-slate-500">
              Create a company first on the{" "}
              <Link href="/admin/companies" className="font-medium underline">
                Companies
              </Link>{" "}
              page.
            </p>
          ) : (
            <InviteAdminForm companies={companies} />
          )}
        </CardContent>
      </Card>
      <UserFilters query={query} companies={companies} />
      {page.rows.length === 0 ? (
        <EmptyState
          title={isFiltered(query) ? "Nobody matches these filters" : "No users yet"}
          description={isFiltered(query) ? "Try part of the e-mail address only, or clear the filters." : "Invite a company admin above."}
          action={
            isFiltered(query) ? (
              <Link href={USERS_PATH} className={buttonClasses({ variant: "secondary" })}>
                Clear filters
              </Link>
            ) : undefined
          }
        />
      ) : (
        <div className="space-y-2">
          <UsersTable rows={page.rows} companies={companies} viewerId={viewer.userId} />
          {page.more ? (
            <p className="text-sm text-slate-500">
              Showing the first {USERS_LIST_LIMIT} by e-mail; narrow the search to find someone else.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
