import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import type { SyncRunView } from "@/db/queries/operators";
import { formatDuration, formatRunMb } from "./format";
import { OUTCOMES } from "./labels";

export function OutcomeBadge({ outcome }: { outcome: SyncRunView["outcome"] }) {
  const { label, tone } = OUTCOMES[outcome];
  return (
    <Badge tone={tone} dot={outcome === "running" ? "pulse" : true}>
      {label}
    </Badge>
  );
}

/** How long the run took, or has been running. */
export function runDuration(run: Pick<SyncRunView, "startedAt" | "finishedAt">, now: Date): string {
  const end = run.finishedAt ?? now;
  return formatDuration(end.getTime() - run.startedAt.getTime());
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** "120 SIMs read · 3 status changes · 45 usage records (12 MB) · 1 SIM failure", each part unbroken. */
export function RunCounts({ counts, className }: { counts: SyncRunView["counts"]; className?: string }) {
  if (!counts) return null;
  const parts = [
    `${plural(counts.sims, "SIM", "SIMs")} read`,
    plural(counts.statusChanges, "status change", "status changes"),
    `${plural(counts.usageRecords, "usage record", "usage records")} (${formatRunMb(counts.usageBytes)} MB)`,
    plural(counts.simFailures, "SIM failure", "SIM failures"),
  ];
  return (
    <p className={className}>
      {parts.map((part, i) => (
        // The separator stays outside the unbroken part, so lines break between parts.
        <Fragment key={part}>
          {i > 0 ? (
            <>
              <span aria-hidden="true"> · </span>
              <span className="sr-only">, </span>
            </>
          ) : null}
          <span className="whitespace-nowrap">{part}</span>
        </Fragment>
      ))}
    </p>
  );
}
