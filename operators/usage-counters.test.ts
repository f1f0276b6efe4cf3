import { describe, expect, it } from "vitest";
import { countUsageGrowth } from "./usage-counters";

const reading = (cycleStart: string, totalBytes: number) => ({
  kind: "cycleTotal" as const,
  iccid: "89000000000000000001",
  cycleStart,
  totalBytes,
  observedAt: new Date("2026-03-10T00:00:00Z"),
  mccMnc: null,
});

describe("growth of a cycle-to-date counter", () => {
  it("counts the whole total the first time and in a new cycle", () => {
    expect(countUsageGrowth(undefined, reading("2026-03-01", 500))?.bytes).toBe(500);
    expect(countUsageGrowth({ cycleStart: "2026-02-01", totalBytes: 900 }, reading("2026-03-01", 40))).toEqual({
      bytes: 40,
      counter: { cycleStart: "2026-03-01", totalBytes: 40 },
    });
  });

  it("counts only the growth within a cycle", () => {
    expect(countUsageGrowth({ cycleStart: "2026-03-01", totalBytes: 500 }, reading("2026-03-01", 800))?.bytes).toBe(300);
  });

  it("ignores a reading that did not grow or belongs to an older cycle", () => {
    expect(countUsageGrowth({ cycleStart: "2026-03-01", totalBytes: 500 }, reading("2026-03-01", 500))).toBeNull();
    expect(countUsageGrowth({ cycleStart: "2026-03-01", totalBytes: 500 }, reading("2026-03-01", 450))).toBeNull();
    expect(countUsageGrowth({ cycleStart: "2026-03-01", totalBytes: 500 }, reading("2026-02-01", 9000))).toBeNull();
  });
});
