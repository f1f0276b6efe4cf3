import type { SimStatus } from "@/components/sims/status-badge";
import type { SimDetail } from "@/db/queries/sim-detail";

type StatusReason = NonNullable<SimDetail["statusReason"]>;
type ActorKind = SimDetail["statusHistory"][number]["actorKind"];

// What each status means, in the words of the spec's Q&A and domain notes.
export const STATUS_MEANINGS: Record<SimStatus, string> = {
  not_available: "This SIM's operator has no integration with the platform.",
  pending: "The integrator is checking this SIM or an operation is running on it.",
  blank: "The SIM has no line (no MSISDN) and must be swapped.",
  activation_ready: "Active at the operator with no usage yet; the first usage makes it Active.",
  active: "Operating normally.",
  suspended: "Stopped manually or by the system.",
  invalid: "Something went wrong with the integration for this SIM.",
};

export const REASON_LABELS: Record<StatusReason, string> = {
  import: "Imported",
  user: "Changed by a user",
  operator: "Reported by the operator",
  expiry: "Validity ended",
  no_data: "No data left",
  dormancy: "Dormant (no refill for the contract period)",
  rule: "By a rule",
  system: "By the system",
  no_funds: "Wallet below its minimum balance",
};

export const ACTOR_LABELS: Record<ActorKind, string> = {
  user: "User",
  operator: "Operator",
  system: "System",
  rule: "Rule",
};
