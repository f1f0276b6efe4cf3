// GET /sims/bulk/[id]: a bulk action's progress and results; staff, and the company's admins.
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/bulk/auto-refresh";
import { BulkProgress } from "@/components/bulk/bulk-progress";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { findBulkJob, listBulkJobExceptions } from "@/db/queries/bulk-jobs";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { formatDateTime } from "@/lib/format";
import { describeStoredBulkAction } from "@/lib/sims/bulk/describe";

export const metadata = { title: "Bulk action · SIM Portal" };

const SHOWN_EXCEPTIONS = 200;

export default async function BulkJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePermission("sims:bulk");
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const job = await findBulkJob(scopeOf(viewer), id);
  if (!job) notFound();
  const title = await describeStoredBulkAction(job.action);
  const running = job.state === "running";
  const exceptions = await listBulkJobExceptions(job.id, SHOWN_EXCEPTIONS);

  return (
    <div className="mx-auto max-w-5xl">
      {running ? <AutoRefresh intervalMs={2_000} /> : null}
      <Link href="/sims/bulk" className="mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900">
        <span aria-hidden="true">←</span> Bulk actions
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {title}
            {running ? (
              <Badge tone="amber" dot="pulse">
                Running
              </Badge>
            ) : (
              <Badge tone="green">Finished</Badge>
            )}
          </span>
        }
        description={`${job.selection} · asked by ${job.requestedByEmail} on ${formatDateTime(job.createdAt)}${job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ""}`}
        actions={
          <a href={`/sims/bulk/${job.id}/results`} className={buttonClasses({ variant: "secondary" })} download>
            Results CSV
          </a>
        }
      />
      <Card className="mb-5">
        <CardContent>
          <BulkProgress job={job} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader
          title="SIMs not changed"
          description={
            exceptions.length === 0
              ? running
                ? "None so far."
                : "Every SIM was changed."
              : `Refused first${exceptions.length === SHOWN_EXCEPTIONS ? `; the first ${SHOWN_EXCEPTIONS} are shown, the CSV has them all` : ""}.`
          }
        />
        {exceptions.length > 0 ? (
          <Table label="SIMs not changed" data-testid="bulk-exceptions">
            <THead>
              <tr>
                <TH>ICCID</TH>
                <TH>Result</TH>
                <TH>Why</TH>
              </tr>
            </THead>
            <TBody>
              {exceptions.map((item) => (
                <tr key={item.iccid} className="border-b border-slate-100 last:border-b-0">
                  <td className="px-3 py-1.5 font-mono text-[13px]">
                    <Link href={`/sims/${item.iccid}`} className="hover:underline">
                      {item.iccid}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">
                    {item.outcome === "refused" ? <Badge tone="red">Refused</Badge> : <Badge tone="slate">Already so</Badge>}
                  </td>
                  <td className="px-3 py-1.5 text-sm text-slate-700">{item.message ?? "—"}</td>
                </tr>
              ))}
            </TBody>
          </Table>
        ) : null}
      </Card>
    </div>
  );
}
