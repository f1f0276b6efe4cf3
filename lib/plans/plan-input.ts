import { z } from "zod";
import { countryName } from "@/lib/sims/countries";
import { BYTES_PER_GB } from "@/lib/units";
import {
  currencyExponent,
  type DataUnit,
  type DecimalResult,
  isSupportedCurrency,
  parseDataBytes,
  parseScaledDecimal,
  RATE_EXTRA_DECIMALS,
  SUPPORTED_CURRENCIES,
} from "./plan-amounts";

// Plan terms as staff type them (decimal strings, data with a unit) → the integers the plans
// table stores. Every refusal names the field it belongs to (a dotted path such as
// "refillPackages.2.price"), so the form can put the message beside it.

export const MAX_REFILL_PACKAGES = 10;
export const MAX_COUNTRY_RATES = 250;
export const MAX_VALIDITY_DAYS = 3650;
// Beyond these an amount is a typo, not a price: 1,000,000 in major units, 100 per MB, 100 TB.
const MAX_MONEY_MAJOR = 1_000_000;
const MAX_RATE_MAJOR = 100;
const MAX_DATA_BYTES = 100_000 * BYTES_PER_GB;

// Rates apply to the visited country as lib/sims/countries.ts maps networks to countries, so only
// the codes it knows can ever match usage. It exports names by code, not the list: recover the
// list once by asking for every two-letter code (an unknown code comes back as itself).
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const RATE_COUNTRIES: ReadonlyArray<{ code: string; name: string }> = [...LETTERS]
  .flatMap((a) => [...LETTERS].map((b) => a + b))
  .filter((code) => countryName(code) !== code)
  .map((code) => ({ code, name: countryName(code) }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));
const RATE_COUNTRY_CODES = new Set(RATE_COUNTRIES.map((c) => c.code));

const text = z.string().trim();
const dataText = z.object({ amount: text, unit: z.enum(["MB", "GB"], { error: "Choose MB or GB." }) });
const refillRow = z.object({ data: dataText, validityDays: text, price: text });
const countryRow = z.object({ country: text, perMb: text });
const currency = text.toUpperCase().refine(isSupportedCurrency, { error: `Choose one of ${SUPPORTED_CURRENCIES.join(", ")}.` });

const rawTerms = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("prepaid"),
      currency,
      price: text,
      data: dataText,
      validityDays: text,
      refillPackages: z.array(refillRow).max(MAX_REFILL_PACKAGES, { error: `A plan can have at most ${MAX_REFILL_PACKAGES} refill packages.` }).default([]),
    }),
    z.object({ type: z.literal("subscription"), currency, monthlyFee: text, includedData: dataText, overagePerMb: text }),
    z.object({
      type: z.literal("paygo"),
      currency,
      defaultPerMb: text,
      countryRates: z.array(countryRow).max(MAX_COUNTRY_RATES, { error: `A plan can have at most ${MAX_COUNTRY_RATES} country rates.` }).default([]),
    }),
  ],
  { error: "Choose Prepaid, Subscription or PAYGO." },
);


export type RefillPackageTerms = { dataBytes: number; validityDays: number; priceMinor: number };
export type CountryRateTerms = { countryCode: string; perMbMicros: number };

// The stored shape: every column of the plans row (null where the type has no such term), plus
// its refill packages and country rates.
export type PlanTermsValues = {
  type: "prepaid" | "subscription" | "paygo";
  currency: string;
  priceMinor: number | null;
  dataBytes: number | null;
  validityDays: number | null;
  monthlyFeeMinor: number | null;
  includedBytes: number | null;
  overagePerMbMicros: number | null;
  defaultPerMbMicros: number | null;
  refillPackages: RefillPackageTerms[];
  countryRates: CountryRateTerms[];
};

type Issues = { add(path: (string | number)[], message: string): void };

function decimalMessage(label: string, result: Exclude<DecimalResult, { ok: true }>, precision: string, max: string): string {
  switch (result.problem) {
    case "empty":
      return `Enter ${label}.`;
    case "negative":
      return `${capital(label)} cannot be negative.`;
    case "format":
      return `Write ${label} as digits with a dot for decimals, e.g. 12.50 (no commas, spaces or signs).`;
    case "precision":
      return precision;
    case "too_large":
      return `${capital(label)} can be at most ${max}.`;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function money(issues: Issues, path: (string | number)[], input: string, cur: string, label: string, positive = false): number {
  const exponent = currencyExponent(cur);
  const result = parseScaledDecimal(input, exponent, MAX_MONEY_MAJOR * 10 ** exponent);
  if (!result.ok) {
    const precision = exponent === 0 ? `${cur} amounts have no decimals.` : `${cur} amounts have at most ${exponent} decimals.`;
    issues.add(path, decimalMessage(label, result, precision, `${MAX_MONEY_MAJOR.toLocaleString("en-US")} ${cur}`));
    return 0;
  }
  if (positive && result.value === 0) issues.add(path, `${capital(label)} must be more than 0.`);
  return result.value;
}

// Micros: the currency's decimals plus 6, e.g. "0.0001" EUR/MB = 0.01 cent = 10,000 micros.
function rate(issues: Issues, path: (string | number)[], input: string, cur: string, label: string): number {
  const scale = currencyExponent(cur) + RATE_EXTRA_DECIMALS;
  const result = parseScaledDecimal(input, scale, MAX_RATE_MAJOR * 10 ** scale);
  if (result.ok) return result.value;
  const precision = `A price per MB in ${cur} can have at most ${scale} decimals; more would be rounded.`;
  issues.add(path, decimalMessage(label, result, precision, `${MAX_RATE_MAJOR} ${cur} per MB`));
  return 0;
}

function data(issues: Issues, path: (string | number)[], input: { amount: string; unit: DataUnit }, label: string, positive: boolean): number {
  const result = parseDataBytes(input.amount, input.unit, MAX_DATA_BYTES);
  if (!result.ok) {
    const precision = `${capital(label)} cannot be split below one byte: use fewer decimals.`;
    issues.add(path, decimalMessage(label, result, precision, "100,000 GB"));
    return 0;
  }
  if (positive && result.value === 0) issues.add(path, `${capital(label)} must be more than 0.`);
  return result.value;
}

function days(issues: Issues, path: (string | number)[], input: string): number {
  const value = /^\d{1,4}$/.test(input) ? Number(input) : NaN;
  if (!(value >= 1 && value <= MAX_VALIDITY_DAYS)) issues.add(path, `Validity is a whole number of days from 1 to ${MAX_VALIDITY_DAYS.toLocaleString("en-US")}.`);
  return value;
}

function countryRates(issues: Issues, rows: { country: string; perMb: string }[], cur: string): CountryRateTerms[] {
  const seen = new Map<string, number>();
  return rows.map((row, i) => {
    const code = row.country.toUpperCase();
    if (code === "") issues.add(["countryRates", i, "country"], "Choose a country.");
    else if (!RATE_COUNTRY_CODES.has(code)) issues.add(["countryRates", i, "country"], `"${row.country}" is not a country the portal can rate.`);
    else if (seen.has(code)) issues.add(["countryRates", i, "country"], `${countryName(code)} has a rate already (row ${(seen.get(code) ?? 0) + 1}).`);
    else seen.set(code, i);
    return { countryCode: code, perMbMicros: rate(issues, ["countryRates", i, "perMb"], row.perMb, cur, "the price per MB") };
  });
}

const EMPTY = { priceMinor: null, dataBytes: null, validityDays: null, monthlyFeeMinor: null, includedBytes: null, overagePerMbMicros: null, defaultPerMbMicros: null };

function toValues(raw: z.output<typeof rawTerms>, issues: Issues): PlanTermsValues {
  const cur = raw.currency;
  switch (raw.type) {
    case "prepaid":
      return {
        ...EMPTY,
        type: raw.type,
        currency: cur,
        priceMinor: money(issues, ["price"], raw.price, cur, "the price"),
        dataBytes: data(issues, ["data"], raw.data, "the data", true),
        validityDays: days(issues, ["validityDays"], raw.validityDays),
        refillPackages: raw.refillPackages.map((row, i) => ({
          dataBytes: data(issues, ["refillPackages", i, "data"], row.data, "the package's data", true),
          validityDays: days(issues, ["refillPackages", i, "validityDays"], row.validityDays),
          // Paid by card: a free refill cannot be charged.
          priceMinor: money(issues, ["refillPackages", i, "price"], row.price, cur, "the package's price", true),
        })),
        countryRates: [],
      };
    case "subscription":
      return {
        ...EMPTY,
        type: raw.type,
        currency: cur,
        monthlyFeeMinor: money(issues, ["monthlyFee"], raw.monthlyFee, cur, "the monthly fee"),
        includedBytes: data(issues, ["includedData"], raw.includedData, "the included data", false),
        overagePerMbMicros: rate(issues, ["overagePerMb"], raw.overagePerMb, cur, "the price per MB beyond it"),
        refillPackages: [],
        countryRates: [],
      };
    case "paygo":
      return {
        ...EMPTY,
        type: raw.type,
        currency: cur,
        defaultPerMbMicros: rate(issues, ["defaultPerMb"], raw.defaultPerMb, cur, "the default price per MB"),
        refillPackages: [],
        countryRates: countryRates(issues, raw.countryRates, cur),
      };
  }
}

export const planTermsSchema = rawTerms.transform((raw, ctx) => {
  const issues: Issues = { add: (path, message) => ctx.issues.push({ code: "custom", path, message, input: raw }) };
  return toValues(raw, issues);
});

export type PlanFieldErrors = Record<string, string>;

/** The first message per field, keyed by dotted path ("refillPackages.0.price"). */
export function planFieldErrors(error: z.ZodError): PlanFieldErrors {
  const out: PlanFieldErrors = {};
  for (const issue of error.issues) {
    // An amount of data is one field on the form, its number and unit together.
    const key = issue.path.map(String).join(".").replace(/\.(amount|unit)$/, "") || "form";
    out[key] ??= issue.message;
  }
  return out;
}
