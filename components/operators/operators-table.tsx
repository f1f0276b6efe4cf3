import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { TBody, TH, THead, Table } from "@/components/ui/table";
import type { OperatorOverview } from "@/db/queries/operators";
import { countryName } from "@/lib/sims/countries";
import { CircuitState, HealthBadge } from "./health-badge";
import { IntegrationSummary } from "./integration-summary";
import { DRIVER_LABELS } from "./labels";
import { RelativeTime } from "./relative-time";
import { OutcomeBadge, RunCounts, runDuration } from "./run-summary";

function TD({ className, numeric = false, children }: { className?: string; numeric?: boolean; children: React.ReactNode }) {
  return (
    <td className={cx("border-b border-slate-100 px-3 py-2.5 align-top text-slate-700 [tr:last-child>&]:border-b-0", numeric && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}

const Dash = ({ label }: { label: string }) => (
  <span className="text-slate-400">
    <span aria-hidden="true">—</span>
    <span className="sr-only">{label}</span>
  </span>
);

/** One row per operator: what it is, what its driver can do, its SIMs and its sync health. */
export function OperatorsTable({ operators, now }: { operators: OperatorOverview[]; now: Date }) {
  return (
    <Table label="Operators" data-testid="operators-table">
      <THead>
        <tr>
          <TH>Operator</TH>
          <TH>Integration</TH>
          <TH align="right">SIMs</TH>
          <TH>Health</TH>
          <TH>Last success</TH>
          <TH>Last error</TH>
          <TH align="right">
            <span title="Failed sync runs in a row">Failures</span>
          </TH>
          <TH>Circuit</TH>
          <TH>Last run</TH>
        </tr>
      </THead>
      <TBody>
        {operators.map((op) => {
          const integrated = op.driver !== "none";
          const facts = { driver: op.driver, ...op.health };
          return (
            <tr key={op.id}>
              <TD className="whitespace-nowrap">
                <Link href={`/admin/operators/${op.id}`} className="font-medium text-slate-900 hover:underline">
                  {op.name}
                </Link>
                <div className="text-xs text-slate-500">
                  {countryName(op.countryCode)} · {op.currency}
                </div>
              </TD>
              <TD className="min-w-56">
                <div className="mb-1 font-medium text-slate-900">{DRIVER_LABELS[op.driver]}</div>
                <IntegrationSummary integration={op.integration} />
              </TD>
              <TD numeric>
                <Link href={`/sims?operator=${op.id}`} className="hover:underline" title={`Show ${op.name}'s SIMs`}>
                  {op.sims.total.toLocaleString("en-US")}
                </Link>
              </TD>
              <TD>
                <HealthBadge facts={facts} now={now} />
              </TD>
              <TD className="whitespace-nowrap">
                {integrated && op.health.lastSuccessAt ? <RelativeTime date={op.health.lastSuccessAt} now={now} /> : <Dash label="Never" />}
              </TD>
              <TD className="max-w-72 min-w-44">
                {op.health.lastError && op.health.lastErrorAt ? (
                  <>
                    <span className="line-clamp-2 break-words text-red-700" title={op.health.lastError}>
                      {op.health.lastError}
                    </span>
                    <RelativeTime date={op.health.lastErrorAt} now={now} className="text-xs text-slate-500" />
                  </>
                ) : (
                  <Dash label="None" />
                )}
              </TD>
              <TD numeric className={op.health.consecutiveFailures > 0 ? "font-medium text-red-700" : undefined}>
                {integrated ? op.health.consecutiveFailures : <Dash label="Not integrated" />}
              </TD>
              <TD className="min-w-28">{integrated ? <CircuitState facts={op.health} now={now} /> : <Dash label="Not integrated" />}</TD>
              <TD className="min-w-64">
                {op.lastRun ? (
                  <>
                    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <OutcomeBadge outcome={op.lastRun.outcome} />
                      <RelativeTime date={op.lastRun.startedAt} now={now} className="text-slate-700" />
                      <span className="text-xs text-slate-500">
                        {op.lastRun.finishedAt ? "took" : "running for"} {runDuration(op.lastRun, now)}
                      </span>
                    </div>
                    {op.lastRun.outcome !== "skipped" ? <RunCounts counts={op.lastRun.counts} className="mt-1 text-xs text-slate-500" /> : null}
                    {op.lastRun.error ? (
                      <div className="mt-0.5 line-clamp-2 text-xs break-words text-red-700" title={op.lastRun.error}>
                        {op.lastRun.error}
                      </div>
                    ) : null}
                  </>
                ) : (
                  <span className="text-slate-400">No runs yet</span>
                )}
              </TD>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
