import type { simType } from "@/db/schema/enums";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";

export type SimType = (typeof simType.enumValues)[number];

export const SIM_TYPE_LABELS: Record<SimType, string> = {
  prepaid: "Prepaid",
  subscription: "Subscription",
  paygo: "PAYGO",
};

// Neutral on purpose: colour in a SIM row is reserved for the status, the one thing to scan for.
export function SimTypeBadge({ type, className }: { type: SimType | null; className?: string }) {
  if (type === null) {
    // No plan yet, so no type. The dash is for the eye; the hidden text is for screen readers.
    return (
      <span className={cx("text-slate-400", className)}>
        <span aria-hidden="true">—</span>
        <span className="sr-only">No SIM type</span>
      </span>
    );
  }
  return (
    <Badge tone="slate" className={className}>
      {SIM_TYPE_LABELS[type]}
    </Badge>
  );
}
