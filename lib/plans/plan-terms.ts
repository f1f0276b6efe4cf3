import { AppError } from "@/lib/errors";
import { isSupportedCurrency } from "./plan-amounts";
import { MAX_COUNTRY_RATES, MAX_REFILL_PACKAGES, MAX_VALIDITY_DAYS, type PlanTermsValues, RATE_COUNTRIES } from "./plan-input";

// Checks on parsed terms at the domain boundary. The form's schema (plan-input.ts) gives people
// field-by-field messages; this refuses anything else that could not be stored as a valid plan
// (a caller that built the integers itself), before a row is written.

const KNOWN_COUNTRIES = new Set(RATE_COUNTRIES.map((c) => c.code));
const OWN_TERMS = {
  prepaid: ["priceMinor", "dataBytes", "validityDays"],
  subscription: ["monthlyFeeMinor", "includedBytes", "overagePerMbMicros"],
  paygo: ["defaultPerMbMicros"],
} as const;
const ALL_TERMS = ["priceMinor", "dataBytes", "validityDays", "monthlyFeeMinor", "includedBytes", "overagePerMbMicros", "defaultPerMbMicros"] as const;

const amount = (value: number) => Number.isSafeInteger(value) && value >= 0;
const days = (value: number) => Number.isSafeInteger(value) && value >= 1 && value <= MAX_VALIDITY_DAYS;

function refuse(): never {
  throw new AppError("invalid_input", "These plan terms are not valid: check the amounts and try again.");
}

export function assertStorableTerms(terms: PlanTermsValues): void {
  if (!isSupportedCurrency(terms.currency)) refuse();
  const own: readonly string[] = OWN_TERMS[terms.type] ?? refuse();
  for (const key of ALL_TERMS) {
    const value = terms[key];
    if (own.includes(key) ? value === null || !amount(value) : value !== null) refuse();
  }
  if (terms.validityDays !== null && !days(terms.validityDays)) refuse();
  if (terms.type !== "prepaid" && terms.refillPackages.length > 0) refuse();
  if (terms.type !== "paygo" && terms.countryRates.length > 0) refuse();
  if (terms.refillPackages.length > MAX_REFILL_PACKAGES || terms.countryRates.length > MAX_COUNTRY_RATES) refuse();
  for (const p of terms.refillPackages) if (!amount(p.dataBytes) || p.dataBytes === 0 || !days(p.validityDays) || !amount(p.priceMinor) || p.priceMinor === 0) refuse();
  const codes = new Set(terms.countryRates.map((r) => r.countryCode));
  if (codes.size !== terms.countryRates.length) refuse();
  for (const r of terms.countryRates) if (!KNOWN_COUNTRIES.has(r.countryCode) || !amount(r.perMbMicros)) refuse();
}

const packageKey = (p: PlanTermsValues["refillPackages"][number]) => `${p.dataBytes}/${p.validityDays}/${p.priceMinor}`;

/** Same terms, whatever order the packages and rates come in. */
export function sameTerms(a: PlanTermsValues, b: PlanTermsValues): boolean {
  if (a.type !== b.type || a.currency !== b.currency) return false;
  if (ALL_TERMS.some((key) => a[key] !== b[key])) return false;
  const packages = (t: PlanTermsValues) => t.refillPackages.map(packageKey).sort().join(",");
  const rates = (t: PlanTermsValues) =>
    t.countryRates
      .map((r) => `${r.countryCode}:${r.perMbMicros}`)
      .sort()
      .join(",");
  return packages(a) === packages(b) && rates(a) === rates(b);
}
