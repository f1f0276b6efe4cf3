import { canTransition, type SimStatus, type StatusReason } from "@/lib/sims/status-machine";
import type { LineState, SimFailure, SimReport } from "./types";

// What the portal's status of a SIM becomes after its operator reported on it. Pure: the sync
// applies the answer. The operator is the truth for the network (line, known or not, suspended
// there); the portal keeps what only it decides (a suspension by a user, an expiry, a rule).

export type PortalStatus = SimStatus;
export type PortalReason = StatusReason;

export type SimSnapshot = {
  status: PortalStatus;
  statusReason: PortalReason | null;
  statusDetail: string | null;
  hasUsage: boolean;
};

export type StatusChange = { status: PortalStatus; detail: string };

export type Observation = { kind: "report"; report: SimReport } | { kind: "failure"; failure: SimFailure };

const FAILURE_DETAIL: Record<SimFailure["code"], string> = {
  unknown_sim: "The operator does not know this SIM",
  invalid_payload: "The operator's answer for this SIM could not be read",
  operator_error: "The operator reported an error for this SIM",
};

// Statuses that say nothing the operator has not confirmed: any operator answer replaces them.
const UNCONFIRMED: ReadonlySet<PortalStatus> = new Set(["not_available", "pending", "invalid", "blank"]);

export function statusAfterObservation(sim: SimSnapshot, observation: Observation): StatusChange | null {
  // A suspension the portal decided outlives an operator hiccup: Invalid would hide its reason,
  // and the next good answer would then resume the SIM.
  if (observation.kind === "failure" && portalSuspended(sim)) return null;
  const change = observation.kind === "failure" ? failed(observation.failure) : reported(sim, observation.report);
  if (!change) return null;
  if (change.status === sim.status && change.detail === sim.statusDetail) return null;
  // The one transition table has the last word (a detail change within a status is no move).
  if (change.status !== sim.status && !canTransition(sim.status, change.status)) return null;
  // A status the portal set itself stays when the operator agrees in substance.
  if (change.status === sim.status && sim.statusReason !== "operator") return null;
  return change;
}

function portalSuspended(sim: SimSnapshot): boolean {
  return sim.status === "suspended" && sim.statusReason !== "operator";
}

function failed(failure: SimFailure): StatusChange {
  return { status: "invalid", detail: `${FAILURE_DETAIL[failure.code]}: ${failure.detail}` };
}

function reported(sim: SimSnapshot, report: SimReport): StatusChange | null {
  if (report.state === "retired") return { status: "invalid", detail: "The operator reports this SIM as retired" };
  if (report.msisdn === null) return { status: "blank", detail: "The operator reports no line (MSISDN) for this SIM: swap it" };
  return fromLineState(sim, report.state);
}

function fromLineState(sim: SimSnapshot, state: Exclude<LineState, "retired">): StatusChange | null {
  const working: StatusChange = sim.hasUsage
    ? { status: "active", detail: "Confirmed by the operator" }
    : { status: "activation_ready", detail: "Active at the operator; no usage yet" };
  switch (state) {
    case "suspended":
      if (sim.status === "suspended") return null;
      return { status: "suspended", detail: "Suspended at the operator" };
    case "ready":
    case "active":
      if (UNCONFIRMED.has(sim.status)) return working;
      // Resumed at the operator after the operator had suspended it.
      if (sim.status === "suspended" && !portalSuspended(sim)) return working;
      return null;
  }
}
