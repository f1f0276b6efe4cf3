import { describe, expect, it } from "vitest";
import { billingPeriodOf, periodLabel, previousBillingPeriod } from "./billing-period";

const at = (iso: string) => new Date(iso);
const bounds = (p: { start: string; end: string; startAt: Date; endAt: Date }) => [p.start, p.end, p.startAt.toISOString(), p.endAt.toISOString()];

describe("billing periods in UTC", () => {
  it("are calendar months, start inclusive and end exclusive", () => {
    expect(bounds(billingPeriodOf(at("2026-03-15T10:00:00Z")))).toEqual(["2026-03-01", "2026-04-01", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"]);
    // The last millisecond of a month belongs to it; the next one starts the next month.
    expect(billingPeriodOf(at("2026-03-31T23:59:59.999Z")).start).toBe("2026-03-01");
    expect(billingPeriodOf(at("2026-04-01T00:00:00.000Z")).start).toBe("2026-04-01");
  });

  it("roll over the year end", () => {
    expect(bounds(billingPeriodOf(at("2026-12-31T23:00:00Z")))).toEqual(["2026-12-01", "2027-01-01", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(previousBillingPeriod(at("2027-01-01T00:00:00Z")).start).toBe("2026-12-01");
  });

  it("include the leap day in February of a leap year", () => {
    const february = billingPeriodOf(at("2028-02-29T12:00:00Z"));
    expect(bounds(february)).toEqual(["2028-02-01", "2028-03-01", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"]);
    expect((february.endAt.getTime() - february.startAt.getTime()) / 86_400_000).toBe(29);
    expect(previousBillingPeriod(at("2028-03-01T00:00:00Z")).start).toBe("2028-02-01");
    expect((billingPeriodOf(at("2027-02-15T00:00:00Z")).endAt.getTime() - billingPeriodOf(at("2027-02-15T00:00:00Z")).startAt.getTime()) / 86_400_000).toBe(28);
  });

  it("previous period is the last full month, even on the month's first instant", () => {
    expect(bounds(previousBillingPeriod(at("2026-04-01T00:00:00Z")))).toEqual(["2026-03-01", "2026-04-01", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"]);
    expect(previousBillingPeriod(at("2026-03-31T23:59:59Z")).start).toBe("2026-02-01");
  });
});

describe("billing periods in a company's time zone", () => {
  it("Europe/London: March starts in GMT and ends in BST (the clocks go forward on 29 Mar 2026)", () => {
    const march = billingPeriodOf(at("2026-03-15T12:00:00Z"), "Europe/London");
    expect(bounds(march)).toEqual(["2026-03-01", "2026-04-01", "2026-03-01T00:00:00.000Z", "2026-03-31T23:00:00.000Z"]);
    // 23:30 UTC on 31 March is already 1 April in London.
    expect(billingPeriodOf(at("2026-03-31T23:30:00Z"), "Europe/London").start).toBe("2026-04-01");
  });

  it("Europe/London: October starts in BST and ends in GMT (the clocks go back on 25 Oct 2026)", () => {
    const october = billingPeriodOf(at("2026-10-25T01:30:00Z"), "Europe/London");
    expect(bounds(october)).toEqual(["2026-10-01", "2026-11-01", "2026-09-30T23:00:00.000Z", "2026-11-01T00:00:00.000Z"]);
    // 23:30 UTC on 30 September is 00:30 on 1 October in London.
    expect(billingPeriodOf(at("2026-09-30T23:30:00Z"), "Europe/London").start).toBe("2026-10-01");
  });

  it("Asia/Jerusalem, ahead of UTC: the month starts the evening before in UTC", () => {
    // Israel is on standard time (UTC+2) on 1 January and summer time (UTC+3) on 1 June.
    expect(bounds(billingPeriodOf(at("2026-01-10T00:00:00Z"), "Asia/Jerusalem"))).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2025-12-31T22:00:00.000Z",
      "2026-01-31T22:00:00.000Z",
    ]);
    expect(billingPeriodOf(at("2026-05-31T21:30:00Z"), "Asia/Jerusalem").start).toBe("2026-06-01");
    expect(previousBillingPeriod(at("2026-05-31T21:30:00Z"), "Asia/Jerusalem").start).toBe("2026-05-01");
    expect(previousBillingPeriod(at("2026-05-31T21:30:00Z")).start).toBe("2026-04-01");
  });

  it("America/New_York, behind UTC: the month starts after midnight UTC", () => {
    expect(bounds(billingPeriodOf(at("2026-01-15T00:00:00Z"), "America/New_York"))).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-01-01T05:00:00.000Z",
      "2026-02-01T05:00:00.000Z",
    ]);
    // 03:00 UTC on 1 July is still 30 June in New York (UTC-4 in summer).
    expect(billingPeriodOf(at("2026-07-01T03:00:00Z"), "America/New_York").start).toBe("2026-06-01");
    expect(billingPeriodOf(at("2026-07-01T04:00:00Z"), "America/New_York").startAt.toISOString()).toBe("2026-07-01T04:00:00.000Z");
  });

  it("leap day at a zone edge: 29 Feb 2028 23:30 in New York is 1 March in UTC but February there", () => {
    const p = billingPeriodOf(at("2028-03-01T04:30:00Z"), "America/New_York");
    expect(bounds(p)).toEqual(["2028-02-01", "2028-03-01", "2028-02-01T05:00:00.000Z", "2028-03-01T05:00:00.000Z"]);
  });

  it("refuses a time zone the runtime does not know", () => {
    expect(() => billingPeriodOf(at("2026-01-01T00:00:00Z"), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("period labels", () => {
  it("name the month", () => {
    expect(periodLabel("2028-02-01")).toBe("February 2028");
    expect(periodLabel("2026-12-01")).toBe("December 2026");
  });
});
