import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { BulkJobView, BulkOutcome } from "@/db/queries/bulk-jobs";

const OUTCOMES: { outcome: BulkOutcome; label: string; tone: BadgeTone }[] = [
  { outcome: "changed", label: "Changed", tone: "green" },
  { outcome: "unchanged", label: "Already so", tone: "slate" },
  { outcome: "refused", label: "Refused", tone: "red" },
  { outcome: "queued", label: "Waiting", tone: "amber" },
];

// How far a bulk job has got: a bar of the SIMs settled and a count per outcome.
export function BulkProgress({ job }: { job: BulkJobView }) {
  const settled = job.total - job.counts.queued;
  const percent = job.total === 0 ? 100 : Math.floor((settled / job.total) * 100);
  return (
    <div className="space-y-3">
      <div
        role="progressbar"
        aria-label="SIMs done"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={settled}
        aria-valuetext={`${settled.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} SIMs done`}
        className="h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-slate-900 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-600">
        <span className="font-medium text-slate-900 tabular-nums">{settled.toLocaleString("en-US")}</span> of{" "}
        <span className="tabular-nums">{job.total.toLocaleString("en-US")}</span> SIMs done ({percent}%)
      </p>
      <dl className="flex flex-wrap gap-2">
        {OUTCOMES.map(({ outcome, label, tone }) => (
          <div key={outcome} data-outcome={outcome}>
            <dt className="sr-only">{label}</dt>
            <dd>
              <Badge tone={tone}>
                {label} <span className="tabular-nums">{job.counts[outcome].toLocaleString("en-US")}</span>
              </Badge>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
