// Money is integer minor units plus an ISO 4217 code; per-MB rates are millionths of a minor
// unit ("micros"). Formatting is the only place these become decimals, and only for display.
export const MICROS_PER_MINOR = 1_000_000;

// Building an Intl.NumberFormat costs ~50 µs, and a SIMs page names a plan on every row.
const formatters = new Map<string, Intl.NumberFormat>();
export function currencyFormat(currency: string, kind: "money" | "rate"): Intl.NumberFormat {
  const key = `${currency}:${kind}`;
  let format = formatters.get(key);
  if (!format) {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    format = new Intl.NumberFormat("en", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      // Small rates keep every digit they are stored with: 1 micro of EUR is €0.00000001/MB, not €0.00.
      maximumFractionDigits: kind === "rate" ? digits + 6 : digits,
    });
    formatters.set(key, format);
  }
  return format;
}

function minorDigits(format: Intl.NumberFormat): number {
  return format.resolvedOptions().minimumFractionDigits ?? 2;
}

export function formatMoney(minor: number, currency: string): string {
  const format = currencyFormat(currency, "money");
  return format.format(minor / 10 ** minorDigits(format));
}

export function formatRatePerMb(micros: number, currency: string): string {
  const format = currencyFormat(currency, "rate");
  return `${format.format(micros / MICROS_PER_MINOR / 10 ** minorDigits(format))}/MB`;
}
