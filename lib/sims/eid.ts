export type EidValidation = { ok: true; eid: string } | { ok: false; error: string };

const EID_LENGTH = 32;

/**
 * Remainder of a decimal digit string modulo 97. Works in 7-digit chunks so
 * intermediate values stay far below Number.MAX_SAFE_INTEGER (2-digit
 * remainder followed by 7 digits is at most 9 digits).
 */
function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) {
    const chunk = digits.slice(i, i + 7);
    remainder = Number(String(remainder) + chunk) % 97;
  }
  return remainder;
}

/**
 * The two check digits that make `first30 + checkDigits` a valid EID
 * (ISO/IEC 7064 MOD 97-10). Throws on anything other than 30 digits, since
 * this is for generating EIDs, not for parsing input.
 */
export function eidCheckDigits(first30: string): string {
  if (!/^\d{30}$/.test(first30)) {
    throw new Error("eidCheckDigits expects exactly 30 digits");
  }
  const check = 98 - mod97(first30 + "00");
  return String(check).padStart(2, "0");
}

/** Strict validation for an EID typed by a person. */
export function validateEid(input: string): EidValidation {
  // EIDs are often printed in groups, so separators are not an error.
  const eid = input.trim().replace(/[\s-]+/g, "");
  if (eid === "") return { ok: false, error: "EID is required" };
  if (!/^\d+$/.test(eid)) return { ok: false, error: "EID must contain only digits" };
  if (eid.length !== EID_LENGTH) return { ok: false, error: "EID must be 32 digits" };
  if (mod97(eid) !== 1) {
    return { ok: false, error: "EID check digits are wrong (mod 97)" };
  }
  return { ok: true, eid };
}
