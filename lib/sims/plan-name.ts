import { formatMoney, formatRatePerMb } from "@/lib/money";
import { BYTES_PER_GB, BYTES_PER_MB } from "@/lib/units";

export type PlanTerms = {
  type: "prepaid" | "subscription" | "paygo";
  customName: string | null;
  currency: string;
  priceMinor: number | null;
  dataBytes: number | null;
  validityDays: number | null;
  monthlyFeeMinor: number | null;
  includedBytes: number | null;
  overagePerMbMicros: number | null;
  defaultPerMbMicros: number | null;
};

export function formatVolume(bytes: number): string {
  if (bytes >= BYTES_PER_GB && bytes % (BYTES_PER_GB / 10) === 0) return `${bytes / BYTES_PER_GB} GB`;
  return `${Math.round(bytes / BYTES_PER_MB).toLocaleString("en-US")} MB`;
}

// The spec: a plan's name is generated from its terms unless staff customised it.
export function generatedPlanName(operatorName: string, plan: PlanTerms): string {
  switch (plan.type) {
    case "prepaid":
      return `${operatorName} Prepaid ${formatVolume(plan.dataBytes ?? 0)} / ${plan.validityDays ?? 0} days · ${formatMoney(plan.priceMinor ?? 0, plan.currency)}`;
    case "subscription":
      return `${operatorName} Subscription ${formatVolume(plan.includedBytes ?? 0)} · ${formatMoney(plan.monthlyFeeMinor ?? 0, plan.currency)}/mo`;
    case "paygo":
      return `${operatorName} PAYGO · ${formatRatePerMb(plan.defaultPerMbMicros ?? 0, plan.currency)}`;
  }
}

export function planName(operatorName: string, plan: PlanTerms): string {
  return plan.customName?.trim() || generatedPlanName(operatorName, plan);
}
