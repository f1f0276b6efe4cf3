// GET /sims/bulk: recent bulk actions; staff see every one, company admins their company's.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { listRecentBulkJobs } from "@/db/queries/bulk-jobs";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { formatDateTime } from "@/lib/format";
import { describeStoredBulkAction } from "@/lib/sims/bulk/describe";

export const metadata = { title: "Bulk actions · SIM Portal" };

export default async function BulkJobsPage() {
  const viewer = await requirePermission("sims:bulk");
  const jobs = await listRecentBulkJobs(scopeOf(viewer), 50);
  const titles = await Promise.all(jobs.map((job) => describeStoredBulkAction(job.action)));
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader title="Bulk actions" description="The latest bulk actions on SIMs, with their progress and results." />
      {jobs.length === 0 ? (
        <EmptyState
          title="No bulk actions yet"
          description="Select SIMs on the SIMs page, or act on everything a filter matches."
          action={
            <Link href="/sims" className={buttonClasses({ variant: "secondary" })}>
              Go to SIMs
            </Link>
          }
        />
      ) : (
        <Card>
          <Table label="Bulk actions">
            <THead>
              <tr>
                <TH>Action</TH>
                <TH>SIMs</TH>
                <TH align="right">Count</TH>
                <TH>State</TH>
                <TH>Asked by</TH>
                <TH>When</TH>
              </tr>
            </THead>
            <TBody>
              {jobs.map((job, i) => (
                <tr key={job.id} className="border-b border-slate-100 text-sm last:border-b-0">
                  <td className="px-3 py-2">
                    <Link href={`/sims/bulk/${job.id}`} className="font-medium text-slate-900 hover:underline">
                      {titles[i]}
                    </Link>
                  </td>
                  <td className="max-w-72 truncate px-3 py-2 text-slate-600" title={job.selection}>
                    {job.selection}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{job.total.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">{job.state === "running" ? <Badge tone="amber">Running</Badge> : <Badge tone="green">Finished</Badge>}</td>
                  <td className="px-3 py-2 text-slate-600">{job.requestedByEmail}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(job.createdAt)}</td>
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </div>
  );
}
