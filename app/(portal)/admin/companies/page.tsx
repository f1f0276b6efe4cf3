// GET /admin/companies: every company (tenant) with its SIMs and people; create and edit; platform staff only.
import Link from "next/link";
import { CompanyForm } from "@/components/companies/company-form";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { listCompaniesOverview } from "@/db/queries/companies";
import { requirePermission } from "@/lib/auth/viewer";

export const metadata = { title: "Companies · SIM Portal" };

export default async function CompaniesPage() {
  await requirePermission("companies:manage");
  const companies = await listCompaniesOverview();
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader title="Companies" description="The companies you sell to. Each sees only its own SIMs, end users and invoices." />
      <Card>
        <CardHeader title="New company" description="Then assign SIMs to it (a plan and the company) from the SIMs page or an import." />
        <CardContent>
          <CompanyForm timeZones={timeZones} />
        </CardContent>
      </Card>
      {companies.length === 0 ? (
        <EmptyState title="No companies yet" description="Create the first one above." />
      ) : (
        <Card>
          <Table label="Companies">
            <THead>
              <tr>
                <TH>Company</TH>
                <TH align="right">SIMs</TH>
                <TH align="right">Admins</TH>
                <TH align="right">End users</TH>
                <TH>Name and time zone</TH>
              </tr>
            </THead>
            <TBody>
              {companies.map((company) => (
                <tr key={company.id} className="border-b border-slate-100 align-top text-sm last:border-b-0">
                  <td className="px-3 py-3 font-medium text-slate-900">
                    <Link href={`/sims?company=${company.id}`} className="hover:underline">
                      {company.name}
                    </Link>
                    <div className="text-xs font-normal text-slate-500">{company.timeZone}</div>
                  </td>
                  <td className="px-3 py-3 text-right tabular-nums">{company.sims.toLocaleString("en-US")}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{company.admins.toLocaleString("en-US")}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{company.endUsers.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">
                    <details>
                      <summary className="cursor-pointer text-sm text-slate-600 hover:text-slate-900">Edit</summary>
                      <div className="mt-2">
                        <CompanyForm company={company} timeZones={timeZones} />
                      </div>
                    </details>
                  </td>
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
