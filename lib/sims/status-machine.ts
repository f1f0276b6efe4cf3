import { AppError } from "@/lib/errors";
import { SIM_STATUSES, type SimStatus } from "./list-query";

// The one transition table of a SIM's seven statuses (domain.md). Every status change in the
// portal (the operator sync, operations, expiry, rules) is checked against it; a move it does not
// list is refused with a message that says why.

export type { SimStatus };
export const STATUS_REASONS = ["import", "user", "operator", "expiry", "no_data", "dormancy", "rule", "system", "no_funds"] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

// Integration removed: any status becomes Not available (the portal can know nothing any more).
const TO_NOT_AVAILABLE = "not_available";

const TRANSITIONS: Record<SimStatus, readonly SimStatus[]> = {
  // Integration added: Pending until the first sync, or straight to what that sync finds.
  not_available: ["pending", "blank", "activation_ready", "active", "suspended", "invalid"],
  // The operator's check or a running operation ends.
  pending: ["blank", "activation_ready", "active", "suspended", "invalid"],
  // A SIM without a line is swapped (pending) or the operator gives it a line after all.
  blank: ["pending", "activation_ready", "active", "suspended", "invalid"],
  activation_ready: ["active", "suspended", "pending", "blank", "invalid"],
  active: ["suspended", "pending", "blank", "invalid"],
  suspended: ["active", "activation_ready", "pending", "blank", "invalid"],
  // Fixed at the operator, then seen again by the sync.
  invalid: ["pending", "blank", "activation_ready", "active", "suspended"],
};

export const STATUS_LABELS: Record<SimStatus, string> = {
  not_available: "Not available",
  pending: "Pending",
  blank: "Blank",
  activation_ready: "Activation ready",
  active: "Active",
  suspended: "Suspended",
  invalid: "Invalid",
};

export function statusLabel(status: SimStatus): string {
  return STATUS_LABELS[status];
}

export function canTransition(from: SimStatus, to: SimStatus): boolean {
  return to === TO_NOT_AVAILABLE ? from !== TO_NOT_AVAILABLE : TRANSITIONS[from].includes(to);
}

export function assertTransition(from: SimStatus, to: SimStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError("conflict", `A SIM cannot go from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]}.`);
  }
}

export function allowedTargets(from: SimStatus): SimStatus[] {
  return SIM_STATUSES.filter((to) => canTransition(from, to));
}
