import { describe, expect, it } from "vitest";
import { planName, type PlanTerms } from "./plan-name";

const base: PlanTerms = {
  type: "prepaid",
  customName: null,
  currency: "EUR",
  priceMinor: 2000,
  dataBytes: 5_000_000_000,
  validityDays: 30,
  monthlyFeeMinor: null,
  includedBytes: null,
  overagePerMbMicros: null,
  defaultPerMbMicros: null,
};

describe("plan names", () => {
  it("generates a name from the terms of each type", () => {
    expect(planName("Telefonica", base)).toBe("Telefonica Prepaid 5 GB / 30 days · €20.00");
    expect(planName("Vodafone UK", { ...base, type: "subscription", currency: "GBP", monthlyFeeMinor: 500, includedBytes: 500_000_000 })).toBe(
      "Vodafone UK Subscription 500 MB · £5.00/mo",
    );
    expect(planName("Odido", { ...base, type: "paygo", defaultPerMbMicros: 10_000 })).toBe("Odido PAYGO · €0.0001/MB");
  });

  it("prefers a customised name", () => {
    expect(planName("Plus", { ...base, customName: "Fleet starter" })).toBe("Fleet starter");
    expect(planName("Plus", { ...base, currency: "PLN", customName: "  " })).toMatch(/^Plus Prepaid 5 GB \/ 30 days · PLN\s20\.00$/);
  });
});
