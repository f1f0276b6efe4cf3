import { describe, expect, it } from "vitest";
import { countUsageGrowth } from "./usage-counters";

const T = (minute: number) => new Date(Date.UTC(2026, 2, 10, 0, minute));
const reading = (cycleStart: string, totalBytes: number, observedAt = T(10)) => ({
  kind: "cycleTotal" as const,
  iccid: "89000000000000000001",
  cycleStart,
  totalBytes,
  observedAt,
  mccMnc: null,
});
const stored = (cycleStart: string, totalBytes: number, observedAt: Date | null = T(0)) => ({ cycleStart, totalBytes, observedAt });

describe("growth of a cycle-to-date counter", () => {
  it("counts the first reading whole, then only the growth", () => {
    expect(countUsageGrowth(undefined, reading("2026-03-01", 500))?.bytes).toBe(500);
    expect(countUsageGrowth(stored("2026-03-01", 500), reading("2026-03-01", 800))?.bytes).toBe(300);
  });

  it("counts a reset counter's new total as new usage", () => {
    expect(countUsageGrowth(stored("2026-02-01", 900), reading("2026-03-01", 40))).toEqual({
      bytes: 40,
      counter: { cycleStart: "2026-03-01", totalBytes: 40, observedAt: T(10) },
    });
  });

  it("does not count last cycle's total again when the operator resets after our calendar says", () => {
    // Our month turned, the operator's counter has not been reset yet: only its growth is new.
    expect(countUsageGrowth(stored("2026-02-01", 900), reading("2026-03-01", 950))?.bytes).toBe(50);
    // Then the operator resets it: everything it shows is new.
    expect(countUsageGrowth(stored("2026-03-01", 950), reading("2026-03-01", 10))?.bytes).toBe(10);
  });

  it("ignores a repeated reading and one taken before the stored one", () => {
    expect(countUsageGrowth(stored("2026-03-01", 500, T(10)), reading("2026-03-01", 500, T(10)))).toBeNull();
    // Read at minute 5, written after the minute-10 reading of 500: not a reset, just stale.
    expect(countUsageGrowth(stored("2026-03-01", 500, T(10)), reading("2026-03-01", 450, T(5)))).toBeNull();
  });
});
