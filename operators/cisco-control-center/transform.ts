import type { LineState, SimReport, UsageReport } from "../types";
import type { CtdUsages, SessionInfo, SimStatus } from "./schemas";

// Raw Control Center answers → the portal's normalized records. Pure: no I/O, no clock.

const LINE_STATES: Record<SimStatus, LineState> = {
  ACTIVATION_READY: "ready",
  TEST_READY: "ready",
  INVENTORY: "ready",
  ACTIVATED: "active",
  DEACTIVATED: "suspended",
  RETIRED: "retired",
  PURGED: "retired",
  REPLACED: "retired",
};

export function lineState(status: SimStatus): LineState {
  return LINE_STATES[status];
}

// Control Center reports the current or most recent session; it is live when it started and has
// not ended. An end older than the start belongs to an earlier session, so it does not count.
export function inSession(session: SessionInfo | null): boolean | null {
  if (!session) return null;
  const started = session.dateSessionStarted;
  const ended = session.dateSessionEnded;
  if (!started) return false;
  return ended === null || ended.getTime() < started.getTime();
}

// ctdUsages carries the line's status, MSISDN and IMSI, so it alone makes the SIM report;
// `session` is null when the driver got no usable session answer for this SIM.
export function toSimReport(usage: CtdUsages, session: SessionInfo | null): SimReport {
  return {
    iccid: usage.iccid,
    state: lineState(usage.status),
    msisdn: usage.msisdn,
    imsi: usage.imsi,
    inSession: inSession(session),
  };
}

// ctdUsages says nothing about the cycle itself (only usageInZone does, at one more call per SIM),
// so the cycle is the operator account's: it starts on `cycleStartDay` (UTC) of each month.
export function cycleStartOf(observedAt: Date, cycleStartDay = 1): string {
  let year = observedAt.getUTCFullYear();
  let month = observedAt.getUTCMonth();
  if (observedAt.getUTCDate() < cycleStartDay) {
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(cycleStartDay).padStart(2, "0")}`;
}

export function toUsageReport(usage: CtdUsages, observedAt: Date, cycleStartDay = 1): UsageReport {
  return {
    kind: "cycleTotal",
    iccid: usage.iccid,
    cycleStart: cycleStartOf(observedAt, cycleStartDay),
    totalBytes: usage.ctdDataUsage,
    observedAt,
    // ctdUsages is one total over all networks; per-network figures are not in this answer.
    mccMnc: null,
  };
}
