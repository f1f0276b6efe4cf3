// Money is integer minor units plus an ISO 4217 code; per-MB rates are millionths of a minor
// unit ("micros"). Formatting is the only place these become decimals, and only for display.
const MICROS_PER_MINOR = 1_000_000;

function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}

// Small rates keep their significant digits: 10,000 micros of EUR is €0.0001/MB, not €0.00.
export function formatRatePerMb(micros: number, currency: string): string {
  const digits = minorDigits(currency);
  const major = micros / MICROS_PER_MINOR / 10 ** digits;
  const formatted = new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, 6),
  }).format(major);
  return `${formatted}/MB`;
}
