const DIGITS_ONLY = /^\d+$/;

/**
 * Sum of the Luhn-weighted digits, where `doubleFirstFromRight` says whether
 * the rightmost digit of `digits` is in a doubled position. The payload of a
 * check-digit computation starts doubled; a full number (payload + check
 * digit) starts undoubled.
 */
function luhnSum(digits: string, doubleFirstFromRight: boolean): number {
  let sum = 0;
  let double = doubleFirstFromRight;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/**
 * Check digit to append to `digits` so the result passes Luhn.
 * Throws on empty or non-digit input: that is a programming error, since
 * callers are expected to validate user input first.
 */
export function luhnCheckDigit(digits: string): number {
  if (!DIGITS_ONLY.test(digits)) {
    throw new Error("luhnCheckDigit expects a non-empty string of digits");
  }
  return (10 - (luhnSum(digits, true) % 10)) % 10;
}

/** True if `digits` (check digit included) passes Luhn; false for non-digits. */
export function isLuhnValid(digits: string): boolean {
  // A lone digit has no payload to protect, so it is never a valid number.
  if (digits.length < 2 || !DIGITS_ONLY.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}
