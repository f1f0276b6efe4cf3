import { describe, expect, it } from "vitest";
import { parseWalletAmount } from "./wallet-input";
import { formatMicros, microsDecimal } from "./wallet-money";

const topUp = { signed: false, allowZero: false };
const adjustment = { signed: true, allowZero: false };
const minimum = { signed: true, allowZero: true };

describe("parseWalletAmount", () => {
  it("reads decimals in the currency exactly into minor units", () => {
    expect(parseWalletAmount("12.5", "EUR", topUp)).toEqual({ ok: true, minor: 1250 });
    expect(parseWalletAmount(" 0.01 ", "GBP", topUp)).toEqual({ ok: true, minor: 1 });
    expect(parseWalletAmount("1000000", "PLN", topUp)).toEqual({ ok: true, minor: 100_000_000 });
    expect(parseWalletAmount("7.000", "EUR", topUp)).toEqual({ ok: true, minor: 700 });
  });

  it("accepts a leading minus only where a negative amount means something", () => {
    expect(parseWalletAmount("-3", "EUR", adjustment)).toEqual({ ok: true, minor: -300 });
    expect(parseWalletAmount("- 0.25", "ILS", adjustment)).toEqual({ ok: true, minor: -25 });
    expect(parseWalletAmount("-50", "EUR", minimum)).toEqual({ ok: true, minor: -5000 });
    const refused = parseWalletAmount("-3", "EUR", topUp);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.message).toMatch(/positive/);
    expect(parseWalletAmount("--3", "EUR", adjustment).ok).toBe(false);
  });

  it("refuses a digit it would have to round, and explains", () => {
    const result = parseWalletAmount("1.234", "EUR", topUp);
    expect(result).toEqual({ ok: false, message: "EUR amounts have at most 2 decimals." });
  });

  it("refuses empty, zero (except a minimum), junk and amounts beyond a million", () => {
    expect(parseWalletAmount("", "EUR", topUp)).toEqual({ ok: false, message: "Enter an amount." });
    expect(parseWalletAmount("   ", "EUR", adjustment)).toEqual({ ok: false, message: "Enter an amount." });
    expect(parseWalletAmount("0", "EUR", topUp).ok).toBe(false);
    expect(parseWalletAmount("-0.00", "EUR", adjustment).ok).toBe(false);
    expect(parseWalletAmount("0", "EUR", minimum)).toEqual({ ok: true, minor: 0 });
    expect(parseWalletAmount("-0", "EUR", minimum)).toEqual({ ok: true, minor: 0 });
    for (const junk of ["€12", "1,000", "1e3", "12.5.1", "abc"]) expect(parseWalletAmount(junk, "EUR", adjustment).ok).toBe(false);
    expect(parseWalletAmount("1000000.01", "EUR", topUp).ok).toBe(false);
  });
});

describe("formatMicros", () => {
  it("writes micros exactly as a decimal of the major unit", () => {
    expect(microsDecimal(1_234_123_400, "EUR")).toBe("12.34123400");
    expect(microsDecimal(-5, "EUR")).toBe("-0.00000005");
    expect(microsDecimal(0, "GBP")).toBe("0.00000000");
  });

  it("rounds for display and keeps the exact amount when the rounding hides a fraction", () => {
    expect(formatMicros(1_234_123_400, "EUR")).toEqual({ rounded: "€12.34", exact: "€12.341234" });
    expect(formatMicros(1_250_000_000, "EUR")).toEqual({ rounded: "€12.50", exact: null });
    expect(formatMicros(-500_000, "GBP")).toEqual({ rounded: "-£0.01", exact: "-£0.005" });
    expect(formatMicros(-1, "EUR").exact).toBe("-€0.00000001");
  });
});
