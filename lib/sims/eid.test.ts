import { describe, it, expect } from "vitest";
import { eidCheckDigits, validateEid } from "./eid";

const GSMA_EXAMPLE = "89049032123451234512345678901235";

describe("validateEid", () => {
  it("accepts the GSMA published example EID", () => {
    expect(validateEid(GSMA_EXAMPLE)).toEqual({ ok: true, eid: GSMA_EXAMPLE });
  });

  it("rejects the example with one digit changed", () => {
    expect(validateEid("89049032123451234512345678901236")).toEqual({
      ok: false,
      error: "EID check digits are wrong (mod 97)",
    });
    expect(validateEid("89049032123451234512345678911235")).toEqual({
      ok: false,
      error: "EID check digits are wrong (mod 97)",
    });
  });

  it("strips whitespace and dashes", () => {
    expect(validateEid(" 8904 9032 1234 5123 4512 3456 7890 1235 ")).toEqual({
      ok: true,
      eid: GSMA_EXAMPLE,
    });
    expect(validateEid("89049032-12345123-45123456-78901235")).toEqual({
      ok: true,
      eid: GSMA_EXAMPLE,
    });
  });

  it("rejects wrong lengths", () => {
    const error = "EID must be 32 digits";
    expect(validateEid(GSMA_EXAMPLE.slice(0, 31))).toEqual({ ok: false, error });
    expect(validateEid(GSMA_EXAMPLE + "0")).toEqual({ ok: false, error });
  });

  it("rejects non-digits and empty input", () => {
    expect(validateEid("8904903212345123451234567890123A")).toEqual({
      ok: false,
      error: "EID must contain only digits",
    });
    expect(validateEid("")).toEqual({ ok: false, error: "EID is required" });
  });
});

describe("eidCheckDigits", () => {
  it("reproduces the check digits of the GSMA example", () => {
    expect(eidCheckDigits(GSMA_EXAMPLE.slice(0, 30))).toBe("35");
  });

  it("zero-pads single-digit results", () => {
    expect(eidCheckDigits("890490320000000000000000000019")).toBe("09");
  });

  it("produces EIDs that validate", () => {
    for (const first30 of [
      "890490320000000000000000000000",
      "890440000000000000000000000123",
      "899999999999999999999999999999",
    ]) {
      const eid = first30 + eidCheckDigits(first30);
      expect(validateEid(eid)).toEqual({ ok: true, eid });
    }
  });

  it("throws unless given exactly 30 digits", () => {
    expect(() => eidCheckDigits("8904903212345")).toThrow();
    expect(() => eidCheckDigits("89049032123451234512345678901X")).toThrow();
  });
});
