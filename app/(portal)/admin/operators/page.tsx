import { OperatorsTable } from "@/components/operators/operators-table";
import { SyncRunsTable } from "@/components/operators/sync-runs-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listOperatorsOverview, listSyncRuns } from "@/db/queries/operators";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";

export const metadata = { title: "Operators · SIM Portal" };

const RECENT_RUNS = 10;

// GET /admin/operators: every operator's integration and sync health; platform staff only.
export default async function OperatorsPage() {
  const viewer = await requirePermission("operators:manage");
  const [operators, runs] = await Promise.all([listOperatorsOverview(viewer), listSyncRuns(viewer, { limit: RECENT_RUNS })]);
  const clock = now();

  return (
    <>
      <PageHeader
        title="Operators"
        description="Each operator's integration, SIMs and sync health. Open an operator to test its connection or change its settings."
      />
      {operators.length === 0 ? (
        <EmptyState title="No operators yet" description="Operators arrive with the seed or an import." />
      ) : (
        <OperatorsTable operators={operators} now={clock} />
      )}
      <section aria-labelledby="recent-runs" className="mt-8">
        <h2 id="recent-runs" className="mb-1 text-sm font-semibold text-slate-900">
          Recent sync runs
        </h2>
        <p className="mb-3 text-sm text-slate-500">The last {RECENT_RUNS} runs across all operators, newest first.</p>
        {runs.length === 0 ? (
          <EmptyState title="No sync runs yet" description="The sync job records a run here each time it visits an integrated operator." />
        ) : (
          <SyncRunsTable runs={runs} now={clock} showOperator label="Recent sync runs" />
        )}
      </section>
    </>
  );
}
