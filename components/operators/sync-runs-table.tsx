import Link from "next/link";
import { TBody, TH, THead, Table } from "@/components/ui/table";
import { cx } from "@/components/ui/cx";
import type { SyncRunView } from "@/db/queries/operators";
import { formatRunMb } from "./format";
import { RelativeTime } from "./relative-time";
import { OutcomeBadge, runDuration } from "./run-summary";

function TD({ className, numeric = false, children }: { className?: string; numeric?: boolean; children: React.ReactNode }) {
  return (
    <td className={cx("border-b border-slate-100 px-3 py-2 align-top text-slate-700 [tr:last-child>&]:border-b-0", numeric && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}

/** Sync runs, newest first, with every count a run records. */
export function SyncRunsTable({ runs, now, showOperator, label }: { runs: SyncRunView[]; now: Date; showOperator: boolean; label: string }) {
  return (
    <Table label={label} containerClassName="max-h-[32rem]">
      <THead>
        <tr>
          <TH>Started</TH>
          {showOperator ? <TH>Operator</TH> : null}
          <TH>Outcome</TH>
          <TH align="right">Duration</TH>
          <TH align="right">SIMs read</TH>
          <TH align="right">Status changes</TH>
          <TH align="right">Usage records</TH>
          <TH align="right">MB</TH>
          <TH align="right">SIM failures</TH>
          <TH>Error</TH>
        </tr>
      </THead>
      <TBody>
        {runs.map((run) => (
          <tr key={run.id}>
            <TD className="whitespace-nowrap">
              <RelativeTime date={run.startedAt} now={now} />
            </TD>
            {showOperator ? (
              <TD className="whitespace-nowrap">
                {run.operatorId && run.operatorName ? (
                  <Link href={`/admin/operators/${run.operatorId}`} className="font-medium text-slate-900 hover:underline">
                    {run.operatorName}
                  </Link>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </TD>
            ) : null}
            <TD>
              <OutcomeBadge outcome={run.outcome} />
            </TD>
            <TD numeric className="whitespace-nowrap">
              {runDuration(run, now)}
            </TD>
            <TD numeric>{run.counts ? run.counts.sims.toLocaleString("en-US") : "—"}</TD>
            <TD numeric>{run.counts ? run.counts.statusChanges.toLocaleString("en-US") : "—"}</TD>
            <TD numeric>{run.counts ? run.counts.usageRecords.toLocaleString("en-US") : "—"}</TD>
            <TD numeric>{run.counts ? formatRunMb(run.counts.usageBytes) : "—"}</TD>
            <TD numeric className={run.counts && run.counts.simFailures > 0 ? "font-medium text-red-700" : undefined}>
              {run.counts ? run.counts.simFailures.toLocaleString("en-US") : "—"}
            </TD>
            <TD className="max-w-md min-w-48">
              {run.error ? <span className="line-clamp-2 break-words text-red-700" title={run.error}>{run.error}</span> : <span className="text-slate-400">—</span>}
            </TD>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
