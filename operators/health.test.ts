import { describe, expect, it } from "vitest";
import { circuitOf, healthOf, isSyncing, type SyncHealthFacts } from "./health";

const NOW = new Date("2026-03-10T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const facts = (over: Partial<SyncHealthFacts> = {}): SyncHealthFacts => ({
  driver: "simulator",
  lastSuccessAt: minutes(-2),
  consecutiveFailures: 0,
  circuitOpenUntil: null,
  leaseUntil: null,
  ...over,
});

describe("operator sync health", () => {
  it("reads the circuit as closed, open until its time, then half-open", () => {
    expect(circuitOf(facts(), NOW)).toEqual({ state: "closed" });
    expect(circuitOf(facts({ circuitOpenUntil: minutes(3) }), NOW)).toEqual({ state: "open", until: minutes(3) });
    expect(circuitOf(facts({ circuitOpenUntil: minutes(-1) }), NOW)).toEqual({ state: "half_open" });
    expect(circuitOf(facts({ circuitOpenUntil: NOW }), NOW)).toEqual({ state: "half_open" });
  });

  it("ranks not integrated, paused, failing, never synced and healthy", () => {
    expect(healthOf(facts({ driver: "none", consecutiveFailures: 4 }), NOW)).toBe("not_integrated");
    expect(healthOf(facts({ consecutiveFailures: 3, circuitOpenUntil: minutes(1) }), NOW)).toBe("paused");
    expect(healthOf(facts({ consecutiveFailures: 3, circuitOpenUntil: minutes(-1) }), NOW)).toBe("failing");
    expect(healthOf(facts({ consecutiveFailures: 1 }), NOW)).toBe("failing");
    expect(healthOf(facts({ lastSuccessAt: null }), NOW)).toBe("never_synced");
    expect(healthOf(facts(), NOW)).toBe("healthy");
  });

  it("counts a run as in progress only while its lease lasts", () => {
    expect(isSyncing(facts({ leaseUntil: minutes(4) }), NOW)).toBe(true);
    expect(isSyncing(facts({ leaseUntil: minutes(-1) }), NOW)).toBe(false);
    expect(isSyncing(facts(), NOW)).toBe(false);
  });
});
