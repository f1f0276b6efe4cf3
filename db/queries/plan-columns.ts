import { plans } from "@/db/schema";

// A plan's terms as lib/sims/plan-name.ts reads them; shared by every query that names a plan.
export const planTermsColumns = {
  id: plans.id,
  type: plans.type,
  customName: plans.customName,
  currency: plans.currency,
  priceMinor: plans.priceMinor,
  dataBytes: plans.dataBytes,
  validityDays: plans.validityDays,
  monthlyFeeMinor: plans.monthlyFeeMinor,
  includedBytes: plans.includedBytes,
  overagePerMbMicros: plans.overagePerMbMicros,
  defaultPerMbMicros: plans.defaultPerMbMicros,
};
