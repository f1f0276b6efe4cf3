import { describe, expect, it } from "vitest";
import { draftInvoices, formatExactMb, linesForSim, overageAmountMinor, type SubscriptionSimFacts } from "./invoice-lines";

const MB = 1_000_000;
const sim = (over: Partial<SubscriptionSimFacts> = {}): SubscriptionSimFacts => ({
  simId: 1,
  iccid: "8934070000000000001",
  planId: "plan-1",
  planName: "Simnet Subscription 250 MB · €5.00/mo",
  currency: "EUR",
  monthlyFeeMinor: 500,
  includedBytes: 250 * MB,
  // EUR 0.01 per MB: one cent is 1,000,000 micros.
  overagePerMbMicros: 1_000_000,
  usageBytes: 0,
  ...over,
});

describe("the overage amount: bytes x micros / 10^12, rounded half up once", () => {
  it("prices the worked example: 984,567,890 bytes at EUR 0.01/MB (1,000,000 micros) is 984.56789 cents, billed 985", () => {
    expect(overageAmountMinor(1_234_567_890 - 250 * MB, 1_000_000)).toBe(985);
    // The same bytes at 10,000 micros (EUR 0.0001/MB) are 9.8456789 cents, billed 10.
    expect(overageAmountMinor(1_234_567_890 - 250 * MB, 10_000)).toBe(10);
  });

  it("rounds exactly half up and just below half down", () => {
    // 0.5 MB at one minor unit per MB = 0.5 -> 1; 0.49 MB = 0.49 -> 0.
    expect(overageAmountMinor(500_000, 1_000_000)).toBe(1);
    expect(overageAmountMinor(490_000, 1_000_000)).toBe(0);
    expect(overageAmountMinor(499_999, 1_000_000)).toBe(0);
    // 1.5 -> 2 and 2.5 -> 3 (half up, not to even).
    expect(overageAmountMinor(1_500_000, 1_000_000)).toBe(2);
    expect(overageAmountMinor(2_500_000, 1_000_000)).toBe(3);
  });

  it("keeps small per-MB prices: EUR 0.0001/MB (10,000 micros) on 10 GB beyond is EUR 1.00, not zero", () => {
    expect(overageAmountMinor(10_000 * MB, 10_000)).toBe(100);
  });

  it("stays exact where floating point would not: 9 TB at 999,999,999 micros/MB", () => {
    // 9,000,000 MB x 999.999999 minor units = 8,999,999,991 minor units exactly.
    expect(overageAmountMinor(9_000_000 * MB, 999_999_999)).toBe(8_999_999_991);
  });

  it("refuses negative or fractional inputs", () => {
    expect(() => overageAmountMinor(-1, 10)).toThrow(RangeError);
    expect(() => overageAmountMinor(1.5, 10)).toThrow(RangeError);
  });
});

describe("a SIM's lines for one month", () => {
  it("is the monthly fee alone while usage stays within the included data", () => {
    const lines = linesForSim(sim({ usageBytes: 250 * MB }));
    expect(lines).toEqual([expect.objectContaining({ kind: "monthly_fee", amountMinor: 500, description: "Monthly fee, 250 MB included", billableBytes: null })]);
  });

  it("adds an overage line for the worked example: fee 500 + overage 985", () => {
    const lines = linesForSim(sim({ usageBytes: 1_234_567_890 }));
    expect(lines.map((l) => [l.kind, l.billableBytes, l.ratePerMbMicros, l.amountMinor])).toEqual([
      ["monthly_fee", null, null, 500],
      ["overage", 984_567_890, 1_000_000, 985],
    ]);
    expect(lines[1]?.description).toBe("Data beyond the included 250 MB: 984.56789 MB");
  });

  it("shows one byte beyond the included data even when it rounds to nothing", () => {
    const lines = linesForSim(sim({ usageBytes: 250 * MB + 1 }));
    expect(lines[1]).toMatchObject({ kind: "overage", billableBytes: 1, ratePerMbMicros: 1_000_000, amountMinor: 0 });
  });
});

describe("drafts per currency", () => {
  it("makes one draft per currency, lines in ICCID order, total = sum of the rounded lines", () => {
    const drafts = draftInvoices([
      sim({ simId: 3, iccid: "8934070000000000003", usageBytes: 250 * MB + 1_500_000 }),
      sim({ simId: 2, iccid: "8944000000000000002", currency: "GBP", monthlyFeeMinor: 400 }),
      sim({ simId: 1, iccid: "8934070000000000001", usageBytes: 250 * MB + 1_500_000 }),
    ]);
    expect(drafts.map((d) => d.currency)).toEqual(["EUR", "GBP"]);
    const eur = drafts[0];
    expect(eur?.lines.map((l) => [l.iccid, l.kind, l.amountMinor])).toEqual([
      ["8934070000000000001", "monthly_fee", 500],
      ["8934070000000000001", "overage", 2],
      ["8934070000000000003", "monthly_fee", 500],
      ["8934070000000000003", "overage", 2],
    ]);
    // Each 1.5 MB line is 1.5 cents -> 2; the total is 1,004, not round(1,003) on the unrounded sum.
    expect(eur?.totalMinor).toBe(1_004);
    expect(drafts[1]?.totalMinor).toBe(400);
  });

  it("makes nothing for no SIMs", () => {
    expect(draftInvoices([])).toEqual([]);
  });
});

describe("exact MB", () => {
  it("writes bytes as MB without losing digits", () => {
    expect(formatExactMb(250 * MB)).toBe("250 MB");
    expect(formatExactMb(1_234_567_890)).toBe("1,234.56789 MB");
    expect(formatExactMb(1)).toBe("0.000001 MB");
  });
});
