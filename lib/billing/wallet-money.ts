import { currencyExponent } from "@/lib/plans/plan-amounts";
import { MICROS_PER_MINOR } from "./paygo-rating";

// Wallet amounts are micros (millionths of a minor unit). Shown in whole minor units they are
// rounded half up, for display only; `exact` carries every digit when the rounding hides some.
// Intl formats the decimal string itself, so no float ever touches the digits.

const formats = new Map<string, Intl.NumberFormat>();
function format(currency: string, exact: boolean): Intl.NumberFormat {
  const key = `${currency}:${exact}`;
  let f = formats.get(key);
  if (!f) {
    const digits = currencyExponent(currency);
    f = new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: exact ? digits + 6 : digits });
    formats.set(key, f);
  }
  return f;
}

// -12341234 at scale 8 → "-0.12341234": exact, as a string.
export function microsDecimal(micros: number, currency: string): string {
  const scale = currencyExponent(currency) + 6;
  const digits = String(Math.abs(micros)).padStart(scale + 1, "0");
  return `${micros < 0 ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function formatMicros(micros: number, currency: string): { rounded: string; exact: string | null } {
  const decimal = microsDecimal(micros, currency) as `${number}`;
  const rounded = format(currency, false).format(decimal);
  return { rounded, exact: micros % MICROS_PER_MINOR === 0 ? null : format(currency, true).format(decimal) };
}
