import { describe, expect, it } from "vitest";
import { formatMoney, formatRatePerMb } from "./money";

describe("money", () => {
  it("formats minor units in the currency's own decimals", () => {
    expect(formatMoney(2000, "EUR")).toBe("€20.00");
    expect(formatMoney(123456, "GBP")).toBe("£1,234.56");
    expect(formatMoney(500, "JPY")).toBe("¥500");
    expect(formatMoney(1999, "ILS")).toBe("₪19.99");
  });

  it("keeps small per-MB rates from rounding to zero", () => {
    expect(formatRatePerMb(10_000, "EUR")).toBe("€0.0001/MB");
    expect(formatRatePerMb(2_000_000, "EUR")).toBe("€0.02/MB");
    // The smallest rate that can be stored: one millionth of a cent per MB.
    expect(formatRatePerMb(1, "EUR")).toBe("€0.00000001/MB");
  });

});
