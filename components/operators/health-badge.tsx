import { Badge } from "@/components/ui/badge";
import { circuitOf, healthOf, isSyncing, type SyncHealthFacts } from "@/operators/health";
import { formatDateTime } from "@/lib/format";
import { formatClock, formatRelative } from "./format";
import { HEALTH } from "./labels";

export function HealthBadge({ facts, now }: { facts: SyncHealthFacts; now: Date }) {
  const health = HEALTH[healthOf(facts, now)];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge tone={health.tone} dot title={health.hint}>
        {health.label}
      </Badge>
      {facts.driver !== "none" && isSyncing(facts, now) ? (
        <Badge tone="blue" dot="pulse">
          Syncing
        </Badge>
      ) : null}
    </span>
  );
}

/** Closed, open until a time, or half-open (the next run is the trial). */
export function CircuitState({ facts, now }: { facts: Pick<SyncHealthFacts, "circuitOpenUntil">; now: Date }) {
  const circuit = circuitOf(facts, now);
  switch (circuit.state) {
    case "closed":
      return <span className="text-slate-700">Closed</span>;
    case "half_open":
      return (
        <span className="text-amber-800" title="The pause is over; the next run decides whether the circuit closes again.">
          Half-open
        </span>
      );
    case "open":
      return (
        <span className="inline-flex flex-wrap items-baseline gap-x-1.5 text-red-700">
          <span className="whitespace-nowrap">
            Open until{" "}
            <time dateTime={circuit.until.toISOString()} title={formatDateTime(circuit.until)}>
              {formatClock(circuit.until)}
            </time>
          </span>
          <span className="text-xs whitespace-nowrap text-slate-500">{formatRelative(circuit.until, now)}</span>
        </span>
      );
  }
}
