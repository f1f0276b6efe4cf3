import { currencyFormat, MICROS_PER_MINOR } from "@/lib/money";
import { currencyExponent } from "@/lib/plans/plan-amounts";
import { exactDecimal } from "./invoice-csv";

// Wallet amounts are micros (millionths of a minor unit). Shown in whole minor units they are
// rounded half up, for display only; `exact` carries every digit when the rounding hides some.
// Intl formats the decimal string itself, so no float ever touches the digits.

// -12341234 at scale 8 → "-0.12341234": exact, as a string.
export function microsDecimal(micros: number, currency: string): string {
  const scale = currencyExponent(currency) + 6;
  return exactDecimal(micros, scale, scale);
}

export function formatMicros(micros: number, currency: string): { rounded: string; exact: string | null } {
  const decimal = microsDecimal(micros, currency) as `${number}`;
  const rounded = currencyFormat(currency, "money").format(decimal);
  return { rounded, exact: micros % MICROS_PER_MINOR === 0 ? null : currencyFormat(currency, "rate").format(decimal) };
}
