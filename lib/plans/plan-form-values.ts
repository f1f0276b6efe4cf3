import { dataForForm, type DataUnit, moneyForForm, rateForForm } from "./plan-amounts";
import type { PlanTermsValues } from "./plan-input";

// What the plan form holds: every field of every type as typed text, so switching type keeps
// what was typed, and a refusal can hand the form back exactly as it was sent. Repeating rows
// travel as same-named fields in order (FormData.getAll keeps it).

export type PlanFormValues = {
  operatorId: string;
  type: string;
  currency: string;
  price: string;
  dataAmount: string;
  dataUnit: string;
  validityDays: string;
  monthlyFee: string;
  includedAmount: string;
  includedUnit: string;
  overagePerMb: string;
  defaultPerMb: string;
  refillPackages: { dataAmount: string; dataUnit: string; validityDays: string; price: string }[];
  countryRates: { country: string; perMb: string }[];
};

export const EMPTY_PLAN_FORM: PlanFormValues = {
  operatorId: "",
  type: "prepaid",
  currency: "",
  price: "",
  dataAmount: "",
  dataUnit: "GB",
  validityDays: "30",
  monthlyFee: "",
  includedAmount: "",
  includedUnit: "GB",
  overagePerMb: "",
  defaultPerMb: "",
  refillPackages: [],
  countryRates: [],
};

const unit = (value: string): DataUnit => (value === "MB" ? "MB" : "GB");

function one(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function all(form: FormData, name: string): string[] {
  return form.getAll(name).map((value) => (typeof value === "string" ? value : ""));
}

export function planFormValuesFrom(form: FormData): PlanFormValues {
  const refillData = all(form, "refillDataAmount");
  const refillUnits = all(form, "refillDataUnit");
  const refillDays = all(form, "refillValidityDays");
  const refillPrices = all(form, "refillPrice");
  const rateCountries = all(form, "rateCountry");
  const ratePrices = all(form, "ratePerMb");
  return {
    operatorId: one(form, "operatorId"),
    type: one(form, "type"),
    currency: one(form, "currency"),
    price: one(form, "price"),
    dataAmount: one(form, "dataAmount"),
    dataUnit: one(form, "dataUnit"),
    validityDays: one(form, "validityDays"),
    monthlyFee: one(form, "monthlyFee"),
    includedAmount: one(form, "includedAmount"),
    includedUnit: one(form, "includedUnit"),
    overagePerMb: one(form, "overagePerMb"),
    defaultPerMb: one(form, "defaultPerMb"),
    refillPackages: refillData.map((dataAmount, i) => ({
      dataAmount,
      dataUnit: refillUnits[i] ?? "",
      validityDays: refillDays[i] ?? "",
      price: refillPrices[i] ?? "",
    })),
    countryRates: rateCountries.map((country, i) => ({ country, perMb: ratePrices[i] ?? "" })),
  };
}

/** The input planTermsSchema parses; the schema keeps only the chosen type's fields. */
export function rawTermsOf(values: PlanFormValues): unknown {
  return {
    type: values.type,
    currency: values.currency,
    price: values.price,
    data: { amount: values.dataAmount, unit: values.dataUnit },
    validityDays: values.validityDays,
    monthlyFee: values.monthlyFee,
    includedData: { amount: values.includedAmount, unit: values.includedUnit },
    overagePerMb: values.overagePerMb,
    defaultPerMb: values.defaultPerMb,
    refillPackages: values.refillPackages.map((row) => ({ data: { amount: row.dataAmount, unit: row.dataUnit }, validityDays: row.validityDays, price: row.price })),
    countryRates: values.countryRates,
  };
}

/** A stored plan as the edit form starts: the exact stored amounts, no rounding. */
export function planFormValuesOf(operatorId: string, terms: PlanTermsValues): PlanFormValues {
  const cur = terms.currency;
  const data = terms.dataBytes === null ? null : dataForForm(terms.dataBytes);
  const included = terms.includedBytes === null ? null : dataForForm(terms.includedBytes);
  return {
    ...EMPTY_PLAN_FORM,
    operatorId,
    type: terms.type,
    currency: cur,
    price: terms.priceMinor === null ? "" : moneyForForm(terms.priceMinor, cur),
    dataAmount: data?.amount ?? "",
    dataUnit: unit(data?.unit ?? "GB"),
    validityDays: terms.validityDays === null ? "" : String(terms.validityDays),
    monthlyFee: terms.monthlyFeeMinor === null ? "" : moneyForForm(terms.monthlyFeeMinor, cur),
    includedAmount: included?.amount ?? "",
    includedUnit: unit(included?.unit ?? "GB"),
    overagePerMb: terms.overagePerMbMicros === null ? "" : rateForForm(terms.overagePerMbMicros, cur),
    defaultPerMb: terms.defaultPerMbMicros === null ? "" : rateForForm(terms.defaultPerMbMicros, cur),
    refillPackages: terms.refillPackages.map((p) => {
      const d = dataForForm(p.dataBytes);
      return { dataAmount: d.amount, dataUnit: d.unit, validityDays: String(p.validityDays), price: moneyForForm(p.priceMinor, cur) };
    }),
    countryRates: terms.countryRates.map((r) => ({ country: r.countryCode, perMb: rateForForm(r.perMbMicros, cur) })),
  };
}

// What the plan form's actions hand back: after a refusal, the message, the field errors keyed
// by dotted path ("refillPackages.0.price") and the values as sent; `attempt` remounts the form.
export type PlanFormState = {
  attempt: number;
  status: "idle" | "refused" | "unchanged";
  message: string | null;
  fieldErrors: Record<string, string>;
  values: PlanFormValues | null;
};

export const INITIAL_PLAN_FORM_STATE: PlanFormState = { attempt: 0, status: "idle", message: null, fieldErrors: {}, values: null };
