import { describe, it, expect } from "vitest";
import { isLuhnValid, luhnCheckDigit } from "./luhn";

describe("luhnCheckDigit", () => {
  it("computes the classic example", () => {
    expect(luhnCheckDigit("7992739871")).toBe(3);
  });

  it("computes check digits for ICCID payloads", () => {
    expect(luhnCheckDigit("898821100000053008")).toBe(2);
    expect(luhnCheckDigit("8988211000000530081")).toBe(1);
  });

  it("returns 0 when the sum is already a multiple of 10", () => {
    expect(luhnCheckDigit("0")).toBe(0);
    expect(luhnCheckDigit("123456781234567")).toBe(0);
  });

  it("throws on non-digits or empty input", () => {
    expect(() => luhnCheckDigit("")).toThrow();
    expect(() => luhnCheckDigit("12a4")).toThrow();
  });
});

describe("isLuhnValid", () => {
  it("accepts valid numbers", () => {
    expect(isLuhnValid("79927398713")).toBe(true);
    expect(isLuhnValid("4111111111111111")).toBe(true);
    expect(isLuhnValid("8988211000000530082")).toBe(true);
  });

  it("rejects a wrong check digit", () => {
    expect(isLuhnValid("79927398710")).toBe(false);
    expect(isLuhnValid("8988211000000530081")).toBe(false);
  });

  it("rejects non-digits, empty and single-digit input", () => {
    expect(isLuhnValid("")).toBe(false);
    expect(isLuhnValid("0")).toBe(false);
    expect(isLuhnValid("7992 7398 713")).toBe(false);
  });

  it("agrees with luhnCheckDigit", () => {
    for (const payload of ["1", "12", "89882110000005300", "8944500000000000000"]) {
      expect(isLuhnValid(payload + String(luhnCheckDigit(payload)))).toBe(true);
    }
  });
});
