// GET /admin/operators/[id]: one operator's health, runs, connection test and settings; staff only.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { CircuitState, HealthBadge } from "@/components/operators/health-badge";
import { IntegrationSummary } from "@/components/operators/integration-summary";
import { DRIVER_LABELS } from "@/components/operators/labels";
import { RelativeTime } from "@/components/operators/relative-time";
import { OutcomeBadge, RunCounts, runDuration } from "@/components/operators/run-summary";
import { SyncRunsTable } from "@/components/operators/sync-runs-table";
import { StatusBadge, type SimStatus } from "@/components/sims/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DETAIL_RUNS, findOperatorDetail, type OperatorDetail } from "@/db/queries/operators";
import { simStatus } from "@/db/schema/enums";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { countryName } from "@/lib/sims/countries";
import { SettingsForm } from "./settings-form";
import { TestConnection } from "./test-connection";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Operator · SIM Portal" };

export default async function OperatorPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requirePermission("operators:manage");
  const operator = await findOperatorDetail(viewer, id);
  if (!operator) notFound();
  const clock = now();
  const facts = { driver: operator.driver, ...operator.health };

  return (
    <div className="mx-auto max-w-7xl">
      <Link
        href="/admin/operators"
        className="mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
      >
        <span aria-hidden="true">←</span> All operators
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-2">
            {operator.name}
            <span className="flex flex-wrap items-center gap-1.5 text-sm font-normal tracking-normal">
              <Badge tone={operator.driver === "none" ? "gray" : "violet"}>{DRIVER_LABELS[operator.driver]}</Badge>
              <HealthBadge facts={facts} now={clock} />
            </span>
          </span>
        }
        description={`${countryName(operator.countryCode)} · ${operator.currency} · ${operator.sims.total.toLocaleString("en-US")} SIMs`}
      />

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-5 lg:col-span-2">
          <HealthCard operator={operator} now={clock} />
          <Card>
            <CardHeader title="Settings" description="Driver, driver settings, credentials and contract terms." />
            <CardContent>
              <SettingsForm
                operatorId={operator.id}
                stored={{
                  driver: operator.driver,
                  settings: JSON.stringify(operator.settings, null, 2),
                  dormancyDays: operator.dormancyDays === null ? "" : String(operator.dormancyDays),
                  contractNotes: operator.contractNotes ?? "",
                }}
                credentialsStored={operator.credentialsStored}
                simCount={operator.sims.total}
                notAvailableCount={operator.sims.byStatus.not_available ?? 0}
              />
            </CardContent>
          </Card>
        </div>
        <div className="min-w-0 space-y-5">
          <Card>
            <CardHeader title="Connection" />
            <CardContent>
              <TestConnection operatorId={operator.id} integrated={operator.driver !== "none"} />
            </CardContent>
          </Card>
          <IntegrationCard operator={operator} />
        </div>
      </div>

      <section aria-labelledby="runs" className="mt-8">
        <h2 id="runs" className="mb-1 text-sm font-semibold text-slate-900">
          Sync runs
        </h2>
        <p className="mb-3 text-sm text-slate-500">This operator&apos;s last {DETAIL_RUNS} runs, newest first.</p>
        {operator.runs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
            No sync runs yet.
          </p>
        ) : (
          <SyncRunsTable runs={operator.runs} now={clock} showOperator={false} label={`${operator.name} sync runs`} />
        )}
      </section>
    </div>
  );
}

function HealthCard({ operator, now }: { operator: OperatorDetail; now: Date }) {
  const { health, lastRun } = operator;
  if (operator.driver === "none") {
    return (
      <Card>
        <CardHeader title="Sync health" />
        <CardContent>
          <p className="text-sm text-slate-500">This operator has no integration, so the portal does not sync it.</p>
        </CardContent>
      </Card>
    );
  }
  const never = <span className="text-slate-400">Never</span>;
  return (
    <Card>
      <CardHeader title="Sync health" />
      <CardContent>
        <DetailList>
          <DetailItem label="Last success">{health.lastSuccessAt ? <RelativeTime date={health.lastSuccessAt} now={now} /> : never}</DetailItem>
          <DetailItem label="Circuit">
            <CircuitState facts={health} now={now} />
          </DetailItem>
          <DetailItem label="Failures in a row">
            <span className={health.consecutiveFailures > 0 ? "font-medium text-red-700" : undefined}>{health.consecutiveFailures}</span>
          </DetailItem>
          <DetailItem label="Last error">
            {health.lastError && health.lastErrorAt ? (
              <>
                <span className="text-red-700">{health.lastError}</span>{" "}
                <RelativeTime date={health.lastErrorAt} now={now} className="text-xs whitespace-nowrap text-slate-500" />
              </>
            ) : (
              <span className="text-slate-400">None</span>
            )}
          </DetailItem>
          <DetailItem label="Last run" wide>
            {lastRun ? (
              <>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <OutcomeBadge outcome={lastRun.outcome} />
                  <span>
                    started <RelativeTime date={lastRun.startedAt} now={now} />, {lastRun.finishedAt ? "took" : "running for"} {runDuration(lastRun, now)}
                  </span>
                </div>
                {lastRun.outcome !== "skipped" ? <RunCounts counts={lastRun.counts} className="mt-1 text-slate-600" /> : null}
                {lastRun.error ? <p className="mt-1 text-red-700">{lastRun.error}</p> : null}
              </>
            ) : (
              <span className="text-slate-400">No runs yet</span>
            )}
          </DetailItem>
        </DetailList>
      </CardContent>
    </Card>
  );
}

function IntegrationCard({ operator }: { operator: OperatorDetail }) {
  const statuses = simStatus.enumValues.filter((s): s is SimStatus => (operator.sims.byStatus[s] ?? 0) > 0);
  return (
    <Card>
      <CardHeader title="Integration" />
      <CardContent>
        <DetailList columns={1}>
          <DetailItem label="Driver">{DRIVER_LABELS[operator.driver]}</DetailItem>
          <DetailItem label="Capabilities">
            <IntegrationSummary integration={operator.integration} />
          </DetailItem>
          <DetailItem label="Credentials">{operator.credentialsStored ? "Stored (encrypted)" : "None stored"}</DetailItem>
          <DetailItem label="Dormancy">{operator.dormancyDays === null ? "No term" : `${operator.dormancyDays.toLocaleString("en-US")} days without a refill`}</DetailItem>
          <DetailItem label={`SIMs (${operator.sims.total.toLocaleString("en-US")})`}>
            {statuses.length === 0 ? (
              <span className="text-slate-500">No SIMs yet.</span>
            ) : (
              <ul className="space-y-1">
                {statuses.map((s) => (
                  <li key={s} className="flex items-center justify-between gap-3">
                    <StatusBadge status={s} />
                    <Link href={`/sims?operator=${operator.id}&status=${s}`} className="tabular-nums hover:underline">
                      {(operator.sims.byStatus[s] ?? 0).toLocaleString("en-US")}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </DetailItem>
        </DetailList>
      </CardContent>
    </Card>
  );
}
