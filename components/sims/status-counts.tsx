import Link from "next/link";
import { STATUS_LABELS } from "@/lib/sims/status-machine";
import { cx } from "@/components/ui/cx";
import { SIM_STATUSES, type SimListQuery, type SimStatus, simListHref } from "@/lib/sims/list-query";

// Counts per status for the current filters; each is a link that narrows the list to it.
export function StatusCounts({ query, counts }: { query: SimListQuery; counts: Partial<Record<SimStatus, number>> }) {
  const total = SIM_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const tabs: { status?: SimStatus; label: string; count: number }[] = [
    { label: "All", count: total },
    ...SIM_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], count: counts[s] ?? 0 })),
  ];
  return (
    <nav aria-label="SIMs by status" className="mb-4 flex flex-wrap gap-1.5">
      {tabs.map((tab) => {
        const current = query.status === tab.status;
        return (
          <Link
            key={tab.label}
            href={simListHref(query, { status: tab.status })}
            aria-current={current ? "page" : undefined}
            data-status={tab.status ?? "all"}
            className={cx(
              "inline-flex items-center gap-2 rounded-md px-2.5 py-1 text-sm ring-1 ring-inset transition-colors",
              current ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50",
            )}
          >
            {tab.label}
            <span className={cx("tabular-nums text-xs", current ? "text-slate-300" : "text-slate-500")}>
              {tab.count.toLocaleString("en-US")}
            </span>
          </Link>
        );
      })}
    </nav>
  );
}
