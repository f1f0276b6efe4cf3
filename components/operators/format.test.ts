import { describe, expect, it } from "vitest";
import { formatClock, formatDuration, formatRelative, formatRunMb } from "./format";

const NOW = new Date("2026-03-10T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("operator page times", () => {
  it("says how long ago, or how long until", () => {
    expect(formatRelative(ago(3_000), NOW)).toBe("just now");
    expect(formatRelative(ago(45_000), NOW)).toBe("45 s ago");
    expect(formatRelative(ago(2 * 60_000 + 59_000), NOW)).toBe("2 min ago");
    expect(formatRelative(ago(3 * 3_600_000), NOW)).toBe("3 h ago");
    expect(formatRelative(ago(86_400_000), NOW)).toBe("1 day ago");
    expect(formatRelative(ago(5 * 86_400_000 + 1), NOW)).toBe("5 days ago");
    expect(formatRelative(ago(-4 * 60_000), NOW)).toBe("in 4 min");
  });

  it("writes durations at a useful precision", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_460)).toBe("12.4 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
    expect(formatDuration(-5)).toBe("0 ms");
  });

  it("writes a time of day in UTC", () => {
    expect(formatClock(new Date("2026-03-10T04:07:59Z"))).toBe("04:07 UTC");
  });
});

describe("run data volumes", () => {
  it("shows small volumes with two decimals, rounded down, and large ones in whole MB", () => {
    expect(formatRunMb(0)).toBe("0");
    expect(formatRunMb(167_485)).toBe("0.16");
    expect(formatRunMb(9_999_999)).toBe("9.99");
    expect(formatRunMb(12_345_678_901)).toBe("12,345");
  });
});
