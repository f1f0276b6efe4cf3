import { BYTES_PER_GB, BYTES_PER_MB } from "@/lib/units";

// The one rounding rule for plan terms typed by a person: there is none. An amount is stored
// exactly or refused. Money is whole minor units of the currency; a per-MB price is whole
// millionths of a minor unit ("micros"), i.e. the currency's decimals plus 6 more; data is whole
// bytes (1 MB = 10^6 bytes, 1 GB = 10^9). Extra digits that are zeros ("15.000") round nothing
// and pass.

// ISO 4217 codes the portal bills in, with their minor-unit exponent (ISO 4217 "E" column).
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = { EUR: 2, GBP: 2, ILS: 2, PLN: 2 };
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS).sort();

export const RATE_EXTRA_DECIMALS = 6;
const UNIT_DECIMALS: Readonly<Record<DataUnit, number>> = { MB: 6, GB: 9 };

export function isSupportedCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function currencyExponent(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? 2;
}

export type DecimalResult = { ok: true; value: number } | { ok: false; problem: "empty" | "negative" | "format" | "precision" | "too_large" };

const DECIMAL = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/;

/**
 * "12.5" at scale 2 → 1250. Refuses signs, exponents, separators and any non-zero digit beyond
 * `scale` decimals (that digit would have to be rounded away). Exact: no floating point.
 */
export function parseScaledDecimal(text: string, scale: number, max: number): DecimalResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: "empty" };
  if (trimmed.startsWith("-")) return { ok: false, problem: "negative" };
  const match = DECIMAL.exec(trimmed);
  if (!match) return { ok: false, problem: "format" };
  const whole = (match[1] ?? "0").replace(/^0+(?=\d)/, "");
  const fraction = (match[2] ?? match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > scale) return { ok: false, problem: "precision" };
  // Compare as digit strings first: a 30-digit number must not pass through a float.
  if (whole.length > 15) return { ok: false, problem: "too_large" };
  const value = Number(whole) * 10 ** scale + Number(fraction.padEnd(scale, "0") || "0");
  if (!Number.isSafeInteger(value) || value > max) return { ok: false, problem: "too_large" };
  return { ok: true, value };
}

/** 1250 at scale 2 → "12.50"; keeps at least `minDecimals` and drops further trailing zeros. */
export function formatScaledDecimal(value: number, scale: number, minDecimals = scale): string {
  const digits = String(Math.abs(Math.trunc(value))).padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

export type DataUnit = "MB" | "GB";

// "1.5" GB → 1,500,000,000 bytes: the unit's decimals are exactly the bytes in it.
export function parseDataBytes(text: string, unit: DataUnit, maxBytes: number): DecimalResult {
  return parseScaledDecimal(text, UNIT_DECIMALS[unit], maxBytes);
}

/** Bytes as the form shows them: GB from 1 GB up when that needs at most 3 decimals, else MB. */
export function dataForForm(bytes: number): { amount: string; unit: DataUnit } {
  if (bytes >= BYTES_PER_GB && bytes % BYTES_PER_MB === 0) return { amount: formatScaledDecimal(bytes, UNIT_DECIMALS.GB, 0), unit: "GB" };
  return { amount: formatScaledDecimal(bytes, UNIT_DECIMALS.MB, 0), unit: "MB" };
}

export function moneyForForm(minor: number, currency: string): string {
  return formatScaledDecimal(minor, currencyExponent(currency));
}

export function rateForForm(micros: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return formatScaledDecimal(micros, exponent + RATE_EXTRA_DECIMALS, exponent);
}
