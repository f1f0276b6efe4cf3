import { describe, expect, it } from "vitest";
import { parseScaledDecimal } from "./plan-amounts";
import { EMPTY_PLAN_FORM, planFormValuesFrom, planFormValuesOf, rawTermsOf, type PlanFormValues } from "./plan-form-values";
import { planFieldErrors, planTermsSchema, RATE_COUNTRIES } from "./plan-input";

const form = (over: Partial<PlanFormValues>): PlanFormValues => ({ ...EMPTY_PLAN_FORM, operatorId: "op", currency: "EUR", ...over });
const parse = (over: Partial<PlanFormValues>) => planTermsSchema.safeParse(rawTermsOf(form(over)));
const errorsOf = (over: Partial<PlanFormValues>) => {
  const result = parse(over);
  return result.success ? {} : planFieldErrors(result.error);
};

const prepaid = { type: "prepaid", price: "15.00", dataAmount: "5", dataUnit: "GB", validityDays: "30" };
const paygo = { type: "paygo", defaultPerMb: "0.02" };

describe("plan terms as staff type them", () => {
  it("turns a prepaid plan with refill packages into minor units and bytes", () => {
    const result = parse({
      ...prepaid,
      price: "15.5",
      dataAmount: "1.5",
      refillPackages: [{ dataAmount: "500", dataUnit: "MB", validityDays: "7", price: "4.99" }],
    });
    expect(result.success && result.data).toEqual({
      type: "prepaid",
      currency: "EUR",
      priceMinor: 1550,
      dataBytes: 1_500_000_000,
      validityDays: 30,
      monthlyFeeMinor: null,
      includedBytes: null,
      overagePerMbMicros: null,
      defaultPerMbMicros: null,
      refillPackages: [{ dataBytes: 500_000_000, validityDays: 7, priceMinor: 499 }],
      countryRates: [],
    });
  });

  it("keeps a subscription's small overage price exact in micros of a minor unit", () => {
    const result = parse({ type: "subscription", currency: "gbp", monthlyFee: "9.99", includedAmount: "0", includedUnit: "MB", overagePerMb: "0.0001" });
    expect(result.success && result.data).toMatchObject({ currency: "GBP", monthlyFeeMinor: 999, includedBytes: 0, overagePerMbMicros: 10_000 });
  });

  it("prices PAYGO per MB with country rates, down to a millionth of a cent", () => {
    const result = parse({ ...paygo, countryRates: [{ country: "es", perMb: "0.00000001" }, { country: "US", perMb: "0.15" }] });
    expect(result.success && result.data).toMatchObject({
      defaultPerMbMicros: 2_000_000,
      countryRates: [
        { countryCode: "ES", perMbMicros: 1 },
        { countryCode: "US", perMbMicros: 15_000_000 },
      ],
    });
  });

  it("refuses what would have to be rounded, field by field", () => {
    expect(errorsOf({ ...prepaid, price: "15.001" })).toEqual({ price: "EUR amounts have at most 2 decimals." });
    expect(errorsOf({ ...paygo, defaultPerMb: "0.000000001" })).toEqual({ defaultPerMb: "A price per MB in EUR can have at most 8 decimals; more would be rounded." });
    expect(errorsOf({ ...prepaid, dataAmount: "0.0000001", dataUnit: "MB" })).toEqual({ data: "The data cannot be split below one byte: use fewer decimals." });
    // Zeros beyond the currency's decimals round nothing.
    expect(parse({ ...prepaid, price: "15.000" }).success).toBe(true);
  });

  it("refuses negatives, commas, empty and absurd amounts with a message for each", () => {
    expect(errorsOf({ ...prepaid, price: "-1" })).toEqual({ price: "The price cannot be negative." });
    expect(errorsOf({ ...prepaid, price: "1,50" }).price).toMatch(/^Write the price as digits with a dot/);
    expect(errorsOf({ ...prepaid, price: "1e3" }).price).toMatch(/^Write the price as digits/);
    expect(errorsOf({ ...prepaid, price: "" })).toEqual({ price: "Enter the price." });
    expect(errorsOf({ ...prepaid, price: "1000000.01" })).toEqual({ price: "The price can be at most 1,000,000 EUR." });
    expect(errorsOf({ ...prepaid, dataAmount: "0" })).toEqual({ data: "The data must be more than 0." });
    expect(errorsOf({ ...prepaid, dataAmount: "100001" })).toEqual({ data: "The data can be at most 100,000 GB." });
    expect(errorsOf({ ...paygo, defaultPerMb: "100.01" })).toEqual({ defaultPerMb: "The default price per MB can be at most 100 EUR per MB." });
    expect(errorsOf({ ...prepaid, price: "99999999999999999999999" })).toEqual({ price: "The price can be at most 1,000,000 EUR." });
  });

  it("holds validity to whole days from 1 to 3,650", () => {
    expect(parse({ ...prepaid, validityDays: "3650" }).success).toBe(true);
    for (const bad of ["0", "3651", "1.5", "", "ten"]) {
      expect(errorsOf({ ...prepaid, validityDays: bad })).toEqual({ validityDays: "Validity is a whole number of days from 1 to 3,650." });
    }
  });

  it("checks each refill package and country rate row on its own", () => {
    const errors = errorsOf({
      ...prepaid,
      refillPackages: [
        { dataAmount: "1", dataUnit: "GB", validityDays: "30", price: "5" },
        { dataAmount: "1", dataUnit: "GB", validityDays: "0", price: "0" },
      ],
    });
    expect(errors).toEqual({
      "refillPackages.1.validityDays": "Validity is a whole number of days from 1 to 3,650.",
      "refillPackages.1.price": "The package's price must be more than 0.",
    });
    const tooMany = Array.from({ length: 11 }, () => ({ dataAmount: "1", dataUnit: "GB", validityDays: "30", price: "5" }));
    expect(errorsOf({ ...prepaid, refillPackages: tooMany })).toEqual({ refillPackages: "A plan can have at most 10 refill packages." });
  });

  it("refuses a country twice, an unknown country and a missing one", () => {
    expect(errorsOf({ ...paygo, countryRates: [{ country: "ES", perMb: "0.01" }, { country: "es", perMb: "0.02" }] })).toEqual({
      "countryRates.1.country": "Spain has a rate already (row 1).",
    });
    expect(errorsOf({ ...paygo, countryRates: [{ country: "XX", perMb: "0.01" }] })).toEqual({ "countryRates.0.country": '"XX" is not a country the portal can rate.' });
    expect(errorsOf({ ...paygo, countryRates: [{ country: "", perMb: "0.01" }] })).toEqual({ "countryRates.0.country": "Choose a country." });
  });

  it("refuses a currency the portal does not bill in, an unknown type and an unknown data unit", () => {
    expect(errorsOf({ ...prepaid, currency: "USD" })).toEqual({ currency: "Choose one of EUR, GBP, ILS, PLN." });
    expect(errorsOf({ type: "free" })).toEqual({ type: "Choose Prepaid, Subscription or PAYGO." });
    expect(errorsOf({ ...prepaid, dataUnit: "TB" })).toEqual({ data: "Choose MB or GB." });
  });

  it("only offers countries that usage can be rated in", () => {
    expect(RATE_COUNTRIES).toContainEqual({ code: "ES", name: "Spain" });
    expect(RATE_COUNTRIES.some((c) => c.code === "XX")).toBe(false);
  });
});

describe("the edit form's starting values", () => {
  it("show stored terms exactly and parse back to the same terms", () => {
    const stored = {
      type: "prepaid" as const,
      currency: "PLN",
      priceMinor: 1205,
      dataBytes: 1_250_000_000,
      validityDays: 30,
      monthlyFeeMinor: null,
      includedBytes: null,
      overagePerMbMicros: null,
      defaultPerMbMicros: null,
      refillPackages: [{ dataBytes: 300_000_000, validityDays: 7, priceMinor: 500 }],
      countryRates: [],
    };
    const values = planFormValuesOf("op", stored);
    expect(values).toMatchObject({ price: "12.05", dataAmount: "1.25", dataUnit: "GB", refillPackages: [{ dataAmount: "300", dataUnit: "MB", price: "5.00" }] });
    const result = planTermsSchema.safeParse(rawTermsOf(values));
    expect(result.success && result.data).toEqual(stored);

    const rates = planFormValuesOf("op", { ...stored, type: "paygo", priceMinor: null, dataBytes: null, validityDays: null, refillPackages: [], defaultPerMbMicros: 10_000, countryRates: [{ countryCode: "DE", perMbMicros: 1 }] });
    expect(rates).toMatchObject({ defaultPerMb: "0.0001", countryRates: [{ country: "DE", perMb: "0.00000001" }] });
  });

  it("reads repeating rows from form data in order", () => {
    const data = new FormData();
    const fields: [string, string][] = [
      ["type", "paygo"],
      ["rateCountry", "FR"],
      ["ratePerMb", "0.01"],
      ["rateCountry", "DE"],
      ["ratePerMb", "0.02"],
    ];
    for (const [name, value] of fields) data.append(name, value);
    expect(planFormValuesFrom(data).countryRates).toEqual([
      { country: "FR", perMb: "0.01" },
      { country: "DE", perMb: "0.02" },
    ]);
  });

  it("parses decimals exactly, without floating point", () => {
    expect(parseScaledDecimal("0.29", 2, 1e9)).toEqual({ ok: true, value: 29 });
    expect(parseScaledDecimal("1.005", 3, 1e9)).toEqual({ ok: true, value: 1005 });
    expect(parseScaledDecimal(".5", 2, 1e9)).toEqual({ ok: true, value: 50 });
  });
});
