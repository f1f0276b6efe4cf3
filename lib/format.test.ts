import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDayMonth, parseUtcDay } from "./format";

describe("formatDateTime", () => {
  it("writes the UTC time with the zone", () => {
    expect(formatDateTime(new Date("2026-11-26T14:05:59Z"))).toBe("26 Nov 2026, 14:05 UTC");
  });

  it("pads hours and minutes", () => {
    expect(formatDateTime(new Date("2026-01-02T03:04:00Z"))).toBe("2 Jan 2026, 03:04 UTC");
  });

  it("uses UTC, not the offset the instant was written in", () => {
    expect(formatDateTime(new Date("2026-12-31T23:30:00-02:00"))).toBe("1 Jan 2027, 01:30 UTC");
  });
});

describe("formatDate", () => {
  it("writes day, short month and year in UTC", () => {
    expect(formatDate(new Date("2026-03-01T00:00:00Z"))).toBe("1 Mar 2026");
    expect(formatDate(new Date("2026-02-28T23:59:59Z"))).toBe("28 Feb 2026");
  });
});

describe("formatDayMonth / parseUtcDay", () => {
  it("round-trips a usage day", () => {
    expect(formatDayMonth(parseUtcDay("2026-07-09"))).toBe("9 Jul");
    expect(parseUtcDay("2026-07-09").toISOString()).toBe("2026-07-09T00:00:00.000Z");
  });
});
