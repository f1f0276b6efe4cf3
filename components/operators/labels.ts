import type { BadgeTone } from "@/components/ui/badge";
import type { RunOutcome } from "@/db/queries/operators";
import type { HealthLevel } from "@/operators/health";
import type { Capability, DriverName } from "@/operators/types";

// How the operators pages name drivers, capabilities, health and run outcomes.

export const DRIVER_LABELS: Record<DriverName, string> = {
  none: "No integration",
  simulator: "Simulator",
  cisco_control_center: "Cisco IoT Control Center",
};

export const CAPABILITY_LABELS: Record<Capability, string> = {
  statusSync: "Status sync",
  sessionState: "Session state",
  usageRecords: "Usage",
  activate: "Activate",
  suspend: "Suspend",
  resume: "Resume",
  simSwap: "SIM swap",
  esimProfile: "eSIM profiles",
};

export const HEALTH: Record<HealthLevel, { label: string; tone: BadgeTone; hint: string }> = {
  not_integrated: { label: "Not integrated", tone: "gray", hint: "No driver: the portal does not sync this operator." },
  never_synced: { label: "Not synced yet", tone: "blue", hint: "No sync has succeeded yet; the next scheduled run will try." },
  healthy: { label: "Healthy", tone: "green", hint: "The last sync succeeded." },
  failing: { label: "Failing", tone: "amber", hint: "The last sync failed; the next run retries." },
  paused: { label: "Paused", tone: "red", hint: "Repeated failures: no sync is attempted until the circuit closes." },
};

export const OUTCOMES: Record<RunOutcome, { label: string; tone: BadgeTone }> = {
  running: { label: "Running", tone: "blue" },
  succeeded: { label: "Succeeded", tone: "green" },
  // The run's time budget ended it mid-pass; the next run continues where it stopped.
  partial: { label: "Partial", tone: "blue" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "gray" },
};
