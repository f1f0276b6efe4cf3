import { StatusBadge } from "@/components/sims/status-badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { formatDateTime } from "@/lib/format";
import { MiniTable, MiniTD, MiniTH } from "./detail-ui";
import { ACTOR_LABELS, REASON_LABELS } from "./labels";

export function StatusHistoryCard({ history }: { history: SimDetail["statusHistory"] }) {
  return (
    <Card>
      <CardHeader title="Status history" description="Most recent first, up to 20 changes." />
      <CardContent>
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No status changes recorded.</p>
        ) : (
          <MiniTable label="Status history">
            <thead>
              <tr>
                <MiniTH>When</MiniTH>
                <MiniTH>Change</MiniTH>
                <MiniTH>Reason</MiniTH>
                <MiniTH>By</MiniTH>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <MiniTD className="whitespace-nowrap tabular-nums">{formatDateTime(h.createdAt)}</MiniTD>
                  <MiniTD>
                    <span className="inline-flex flex-wrap items-center gap-1.5">
                      {h.fromStatus ? <StatusBadge status={h.fromStatus} /> : <span className="text-xs text-slate-400">New</span>}
                      <span aria-hidden="true" className="text-slate-400">
                        →
                      </span>
                      <span className="sr-only">to</span>
                      <StatusBadge status={h.toStatus} />
                    </span>
                  </MiniTD>
                  <MiniTD>
                    {REASON_LABELS[h.reason]}
                    {h.detail ? <div className="text-xs text-slate-500">{h.detail}</div> : null}
                  </MiniTD>
                  <MiniTD>{ACTOR_LABELS[h.actorKind]}</MiniTD>
                </tr>
              ))}
            </tbody>
          </MiniTable>
        )}
      </CardContent>
    </Card>
  );
}
