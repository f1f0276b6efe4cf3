import type { DriverName } from "./types";

// How staff read an operator's sync health from its operator_sync_state row. Pure: the clock is
// passed in, so the page and the tests agree on what "open" means at a given instant.

export type SyncHealthFacts = {
  driver: DriverName;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  circuitOpenUntil: Date | null;
  leaseUntil: Date | null;
};

// The run-level circuit (operators/sync-state.ts): open while no run may start; half-open once
// the pause has passed but no run has succeeded since, so the next run is the trial.
export type CircuitView = { state: "closed" } | { state: "open"; until: Date } | { state: "half_open" };

export function circuitOf(facts: Pick<SyncHealthFacts, "circuitOpenUntil">, now: Date): CircuitView {
  const until = facts.circuitOpenUntil;
  if (!until) return { state: "closed" };
  return until > now ? { state: "open", until } : { state: "half_open" };
}

export type HealthLevel = "not_integrated" | "never_synced" | "healthy" | "failing" | "paused";

export function healthOf(facts: SyncHealthFacts, now: Date): HealthLevel {
  if (facts.driver === "none") return "not_integrated";
  if (circuitOf(facts, now).state === "open") return "paused";
  if (facts.consecutiveFailures > 0) return "failing";
  return facts.lastSuccessAt ? "healthy" : "never_synced";
}

// A run holds the lease while it works; an expired lease is a run that died.
export function isSyncing(facts: Pick<SyncHealthFacts, "leaseUntil">, now: Date): boolean {
  return facts.leaseUntil !== null && facts.leaseUntil > now;
}
