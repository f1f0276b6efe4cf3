import { isLuhnValid } from "./luhn";

export type IccidValidation = { ok: true; iccid: string } | { ok: false; error: string };
export type OperatorIccid = { iccid: string; warnings: string[] } | { error: string };

const DIGITS_ONLY = /^\d+$/;
// E.118 fixes the "89" major industry identifier for telecommunications.
const ICCID_PREFIX = "89";

// People copy ICCIDs off SIM carriers and printouts, which group digits with
// spaces or dashes; those separators carry no meaning.
function stripSeparators(input: string): string {
  return input.trim().replace(/[\s-]+/g, "");
}

/** Strict validation for an ICCID typed by a person. */
export function validateIccid(input: string): IccidValidation {
  const iccid = stripSeparators(input);
  if (iccid === "") return { ok: false, error: "ICCID is required" };
  if (!DIGITS_ONLY.test(iccid)) {
    return { ok: false, error: "ICCID must contain only digits" };
  }
  if (iccid.length !== 19 && iccid.length !== 20) {
    return { ok: false, error: "ICCID must be 19 or 20 digits" };
  }
  if (!iccid.startsWith(ICCID_PREFIX)) {
    return { ok: false, error: "ICCID must start with 89" };
  }
  if (!isLuhnValid(iccid)) {
    return { ok: false, error: "ICCID check digit is wrong (Luhn)" };
  }
  return { ok: true, iccid };
}

/**
 * Lenient normalisation for an ICCID reported by an operator. Operators
 * sometimes drop the check digit or report one that fails Luhn, and we still
 * need to store and match those records, so such problems become warnings
 * rather than errors. The digits are returned as reported (no check digit is
 * appended) so they keep matching the operator's own records.
 */
export function normalizeOperatorIccid(input: string): OperatorIccid {
  const iccid = stripSeparators(input);
  if (iccid === "") return { error: "ICCID is empty" };
  if (!DIGITS_ONLY.test(iccid)) return { error: "ICCID must contain only digits" };
  if (iccid.length < 18 || iccid.length > 22) {
    return { error: `ICCID has ${iccid.length} digits; expected 18 to 22` };
  }

  const warnings: string[] = [];
  if (iccid.length === 18) {
    warnings.push("ICCID has 18 digits; the check digit appears to be missing");
  } else if (iccid.length > 20) {
    warnings.push(`ICCID has ${iccid.length} digits; E.118 allows at most 20`);
  }
  // With 18 digits there is no check digit to test, so a Luhn warning would
  // only repeat the one above.
  if (iccid.length > 18 && !isLuhnValid(iccid)) {
    warnings.push("ICCID check digit does not pass Luhn; it may be missing or wrong");
  }
  if (!iccid.startsWith(ICCID_PREFIX)) {
    warnings.push("ICCID does not start with 89");
  }
  return { iccid, warnings };
}

/** True if `q` could be the start of an ICCID (1 to 20 digits). */
export function isIccidPrefix(q: string): boolean {
  return /^\d{1,20}$/.test(q);
}
