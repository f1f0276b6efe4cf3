import { BYTES_PER_GB, BYTES_PER_MB } from "@/lib/units";

// Demo plans. Rates are micros (millionths of a minor unit) per MB: 0.02 EUR/MB = 2 cents =
// 2,000,000 micros. Amounts are in the operator's currency.

type Refill = { dataBytes: number; validityDays: number; priceMinor: number };

export type PlanSpec =
  | { operator: string; type: "prepaid"; customName: string | null; priceMinor: number; dataBytes: number; validityDays: number; refills: Refill[] }
  | { operator: string; type: "subscription"; customName: string | null; monthlyFeeMinor: number; includedBytes: number; overagePerMbMicros: number }
  | { operator: string; type: "paygo"; customName: string | null; defaultPerMbMicros: number; countryRates: Record<string, number> };

const GB = BYTES_PER_GB;
const MB = BYTES_PER_MB;
// One cent (or penny, agora, grosz) per MB, in micros.
const CENT = 1_000_000;

export const PLANS: readonly PlanSpec[] = [
  {
    operator: "Telefonica", type: "prepaid", customName: null, priceMinor: 900, dataBytes: GB, validityDays: 30,
    refills: [{ dataBytes: GB, validityDays: 30, priceMinor: 900 }, { dataBytes: 5 * GB, validityDays: 30, priceMinor: 2500 }],
  },
  {
    operator: "Telefonica", type: "prepaid", customName: "IoT Annual 10 GB", priceMinor: 4900, dataBytes: 10 * GB, validityDays: 365,
    refills: [{ dataBytes: 2 * GB, validityDays: 365, priceMinor: 1500 }],
  },
  { operator: "Telefonica", type: "subscription", customName: null, monthlyFeeMinor: 500, includedBytes: 500 * MB, overagePerMbMicros: 2 * CENT },
  {
    operator: "Telefonica", type: "paygo", customName: null, defaultPerMbMicros: 1.5 * CENT,
    countryRates: { ES: 0.5 * CENT, FR: CENT, DE: CENT, GB: 2 * CENT, US: 8 * CENT },
  },
  {
    operator: "Vodafone UK", type: "prepaid", customName: null, priceMinor: 1000, dataBytes: 2 * GB, validityDays: 30,
    refills: [{ dataBytes: GB, validityDays: 30, priceMinor: 600 }, { dataBytes: 3 * GB, validityDays: 30, priceMinor: 1200 }],
  },
  { operator: "Vodafone UK", type: "subscription", customName: null, monthlyFeeMinor: 800, includedBytes: GB, overagePerMbMicros: 1.5 * CENT },
  {
    operator: "Vodafone UK", type: "paygo", customName: null, defaultPerMbMicros: 2 * CENT,
    countryRates: { GB: 0.4 * CENT, IE: CENT, FR: 1.2 * CENT, ES: 1.2 * CENT, US: 9 * CENT },
  },
  {
    operator: "HOT Mobile", type: "prepaid", customName: null, priceMinor: 3900, dataBytes: 3 * GB, validityDays: 30,
    refills: [{ dataBytes: 3 * GB, validityDays: 30, priceMinor: 3900 }],
  },
  {
    operator: "HOT Mobile", type: "paygo", customName: null, defaultPerMbMicros: 5 * CENT,
    countryRates: { IL: CENT, GR: 3 * CENT, CY: 3 * CENT, US: 12 * CENT },
  },
  { operator: "Odido", type: "subscription", customName: "Odido IoT Flex 250 MB", monthlyFeeMinor: 350, includedBytes: 250 * MB, overagePerMbMicros: 3 * CENT },
  {
    operator: "Odido", type: "prepaid", customName: null, priceMinor: 600, dataBytes: 500 * MB, validityDays: 90,
    refills: [{ dataBytes: 500 * MB, validityDays: 90, priceMinor: 600 }, { dataBytes: 2 * GB, validityDays: 90, priceMinor: 1800 }],
  },
  {
    operator: "Odido", type: "paygo", customName: null, defaultPerMbMicros: CENT,
    countryRates: { NL: 0.3 * CENT, BE: 0.8 * CENT, DE: 0.8 * CENT },
  },
  {
    operator: "Orange France", type: "prepaid", customName: null, priceMinor: 1500, dataBytes: 5 * GB, validityDays: 30,
    refills: [{ dataBytes: 5 * GB, validityDays: 30, priceMinor: 1500 }, { dataBytes: 20 * GB, validityDays: 30, priceMinor: 3500 }],
  },
  { operator: "Orange France", type: "subscription", customName: null, monthlyFeeMinor: 1200, includedBytes: 5 * GB, overagePerMbMicros: CENT },
  {
    operator: "Plus", type: "prepaid", customName: null, priceMinor: 1500, dataBytes: GB, validityDays: 30,
    refills: [{ dataBytes: GB, validityDays: 30, priceMinor: 1500 }],
  },
  {
    operator: "Plus", type: "paygo", customName: null, defaultPerMbMicros: 3 * CENT,
    countryRates: { PL: 0.8 * CENT, DE: 2.5 * CENT, CZ: 2.5 * CENT },
  },
];
