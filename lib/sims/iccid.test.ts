import { describe, it, expect } from "vitest";
import { isIccidPrefix, normalizeOperatorIccid, validateIccid } from "./iccid";

describe("validateIccid", () => {
  it("accepts a valid 19-digit ICCID", () => {
    expect(validateIccid("8988211000000530082")).toEqual({ ok: true, iccid: "8988211000000530082" });
  });

  it("accepts a valid 20-digit ICCID", () => {
    expect(validateIccid("89882110000005300811")).toEqual({
      ok: true,
      iccid: "89882110000005300811",
    });
  });

  it("rejects a bad Luhn check digit", () => {
    expect(validateIccid("8988211000000530081")).toEqual({
      ok: false,
      error: "ICCID check digit is wrong (Luhn)",
    });
  });

  it("strips surrounding whitespace, inner spaces and dashes", () => {
    expect(validateIccid("  8988 2110 0000 0530 082 ")).toEqual({
      ok: true,
      iccid: "8988211000000530082",
    });
    expect(validateIccid("8988-2110-0000-0530-082")).toEqual({
      ok: true,
      iccid: "8988211000000530082",
    });
  });

  it("rejects an ICCID that does not start with 89", () => {
    // Luhn-valid on purpose, so only the prefix rule can reject it.
    expect(validateIccid("8888211000000530084")).toEqual({
      ok: false,
      error: "ICCID must start with 89",
    });
  });

  it("rejects letters", () => {
    expect(validateIccid("89882110000005300AB")).toEqual({
      ok: false,
      error: "ICCID must contain only digits",
    });
  });

  it("rejects too short and too long input", () => {
    const error = "ICCID must be 19 or 20 digits";
    expect(validateIccid("898821100000053008")).toEqual({ ok: false, error });
    expect(validateIccid("898821100000053008111")).toEqual({ ok: false, error });
  });

  it("rejects empty input", () => {
    expect(validateIccid("   ")).toEqual({ ok: false, error: "ICCID is required" });
  });
});

describe("normalizeOperatorIccid", () => {
  it("returns valid ICCIDs without warnings", () => {
    expect(normalizeOperatorIccid("8988211000000530082")).toEqual({
      iccid: "8988211000000530082",
      warnings: [],
    });
    expect(normalizeOperatorIccid(" 89882110000005300811 ")).toEqual({
      iccid: "89882110000005300811",
      warnings: [],
    });
  });

  it("warns about a missing check digit", () => {
    const result = normalizeOperatorIccid("898821100000053008");
    expect(result).toEqual({
      iccid: "898821100000053008",
      warnings: ["ICCID has 18 digits; the check digit appears to be missing"],
    });
  });

  it("warns about a check digit that fails Luhn", () => {
    expect(normalizeOperatorIccid("8988211000000530081")).toEqual({
      iccid: "8988211000000530081",
      warnings: ["ICCID check digit does not pass Luhn; it may be missing or wrong"],
    });
  });

  it("warns about over-long ICCIDs and a missing 89 prefix", () => {
    const result = normalizeOperatorIccid("7788211000000530081123");
    expect("warnings" in result && result.warnings).toEqual([
      "ICCID has 22 digits; E.118 allows at most 20",
      "ICCID check digit does not pass Luhn; it may be missing or wrong",
      "ICCID does not start with 89",
    ]);
  });

  it("rejects empty input, non-digits and out-of-range lengths", () => {
    expect(normalizeOperatorIccid("")).toEqual({ error: "ICCID is empty" });
    expect(normalizeOperatorIccid("8988211000000530O82")).toEqual({
      error: "ICCID must contain only digits",
    });
    expect(normalizeOperatorIccid("89882110000005300")).toEqual({
      error: "ICCID has 17 digits; expected 18 to 22",
    });
    expect(normalizeOperatorIccid("89882110000005300811234")).toEqual({
      error: "ICCID has 23 digits; expected 18 to 22",
    });
  });
});

describe("isIccidPrefix", () => {
  it("accepts 1 to 20 digits", () => {
    expect(isIccidPrefix("8")).toBe(true);
    expect(isIccidPrefix("8988")).toBe(true);
    expect(isIccidPrefix("89882110000005300811")).toBe(true);
  });

  it("rejects empty, too long and non-digit queries", () => {
    expect(isIccidPrefix("")).toBe(false);
    expect(isIccidPrefix("898821100000053008112")).toBe(false);
    expect(isIccidPrefix("89a")).toBe(false);
    expect(isIccidPrefix("8988 21")).toBe(false);
  });
});
