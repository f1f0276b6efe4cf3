import { describe, expect, it } from "vitest";
import { countryShares, formatShare, formatUsageMb, niceAxis, usageWindow, zeroFillDays } from "./usage-series";

const NOW = new Date("2026-03-02T10:30:00Z");

describe("usageWindow", () => {
  it("spans the last N UTC days ending today, with tomorrow's midnight as the exclusive end", () => {
    const w = usageWindow(NOW, 30);
    expect(w.days).toHaveLength(30);
    expect(w.days[0]).toBe("2026-02-01");
    expect(w.days[29]).toBe("2026-03-02");
    expect(w.from.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-03T00:00:00.000Z");
  });

  it("crosses a year boundary", () => {
    expect(usageWindow(new Date("2026-01-01T00:00:00Z"), 3).days).toEqual(["2025-12-30", "2025-12-31", "2026-01-01"]);
  });
});

describe("zeroFillDays", () => {
  it("returns one entry per day, oldest first, with zeros where nothing was used", () => {
    const filled = zeroFillDays(
      [
        { day: "2026-03-02", bytes: 5 },
        { day: "2026-02-01", bytes: 7 },
      ],
      NOW,
      30,
    );
    expect(filled).toHaveLength(30);
    expect(filled[0]).toEqual({ day: "2026-02-01", bytes: 7 });
    expect(filled[29]).toEqual({ day: "2026-03-02", bytes: 5 });
    expect(filled.slice(1, 29).every((d) => d.bytes === 0)).toBe(true);
  });

  it("ignores days outside the window and adds up duplicates", () => {
    const filled = zeroFillDays(
      [
        { day: "2026-01-31", bytes: 100 },
        { day: "2026-03-03", bytes: 100 },
        { day: "2026-02-15", bytes: 1 },
        { day: "2026-02-15", bytes: 2 },
      ],
      NOW,
      30,
    );
    expect(filled.reduce((s, d) => s + d.bytes, 0)).toBe(3);
    expect(filled.find((d) => d.day === "2026-02-15")?.bytes).toBe(3);
  });

  it("fills an empty series", () => {
    expect(zeroFillDays([], NOW, 7).map((d) => d.bytes)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("countryShares", () => {
  it("sorts by bytes and computes shares including international networks", () => {
    const shares = countryShares([
      { countryCode: "DE", networkReported: true, bytes: 250 },
      { countryCode: null, networkReported: true, bytes: 250 },
      { countryCode: "FR", networkReported: true, bytes: 500 },
    ]);
    expect(shares.map((s) => [s.countryCode, s.share])).toEqual([
      ["FR", 0.5],
      ["DE", 0.25],
      [null, 0.25],
    ]);
  });

  it("gives zero shares when nothing was used", () => {
    expect(countryShares([{ countryCode: "DE", networkReported: true, bytes: 0 }])[0]?.share).toBe(0);
  });
});

describe("formatters", () => {
  it("keeps decimals for small amounts only", () => {
    expect(formatUsageMb(0)).toBe("0");
    expect(formatUsageMb(400_000)).toBe("0.4");
    expect(formatUsageMb(1_250_000)).toBe("1.3");
    expect(formatUsageMb(1_234_567_890)).toBe("1,235");
  });

  it("never shows a non-zero share as 0.0%", () => {
    expect(formatShare(0.0004)).toBe("<0.1%");
    expect(formatShare(0)).toBe("0.0%");
    expect(formatShare(0.125)).toBe("12.5%");
  });
});

describe("niceAxis", () => {
  it.each([
    [10, [0, 2.5, 5, 7.5, 10]],
    [10.1, [0, 5, 10, 15]],
    [4.1, [0, 2, 4, 6]],
    [850, [0, 250, 500, 750, 1000]],
    [0, [0, 0.25, 0.5, 0.75, 1]],
    [0.001, [0, 0.25, 0.5, 0.75, 1]],
  ])("covers %s MB with round ticks", (max, ticks) => {
    expect(niceAxis(max)).toEqual(ticks);
  });

  it("always has 3 or 4 intervals reaching the maximum", () => {
    for (let max = 1; max < 5000; max += 3.7) {
      const ticks = niceAxis(max);
      expect(ticks.length === 4 || ticks.length === 5).toBe(true);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
    }
  });
});
