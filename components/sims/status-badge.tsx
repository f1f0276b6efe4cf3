import type { simStatus } from "@/db/schema/enums";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATUS_LABELS } from "@/lib/sims/status-machine";

export type SimStatus = (typeof simStatus.enumValues)[number];

export const STATUS_TONES: Record<SimStatus, BadgeTone> = {
  not_available: "gray",
  pending: "amber",
  blank: "slate",
  activation_ready: "blue",
  active: "green",
  suspended: "violet",
  invalid: "red",
};

export function StatusBadge({ status, className }: { status: SimStatus; className?: string }) {
  // Pending is the one status that is expected to change by itself (the integrator is working
  // on the SIM), so its dot pulses; the others are settled states.
  return (
    <Badge tone={STATUS_TONES[status]} dot={status === "pending" ? "pulse" : true} className={className}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
