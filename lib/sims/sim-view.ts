import { formatMb } from "@/lib/units";

// How the spec's computed columns read for one SIM. Pure: the clock is passed in.
type Driver = "none" | "simulator" | "cisco_control_center";

export type SimFacts = {
  operatorDriver: Driver;
  inSession: boolean | null;
  simType: "prepaid" | "subscription" | "paygo" | null;
  planId: string | null;
  companyName: string | null;
  storeUse: boolean;
  dataLeftBytes: number | null;
  validUntil: Date | null;
  monthUsageBytes: number;
  monthUsagePeriod: string | null;
};

const DAY_MS = 86_400_000;

export function isIntegrated(driver: Driver): boolean {
  return driver !== "none";
}

// The "product" exists once a SIM has a plan and a company, or is kept for the eSIM store.
export function hasProduct(sim: Pick<SimFacts, "planId" | "companyName" | "storeUse">): boolean {
  return sim.planId !== null && (sim.companyName !== null || sim.storeUse);
}

export function inSessionLabel(sim: Pick<SimFacts, "inSession">): "Yes" | "No" | "N/A" {
  if (sim.inSession === null) return "N/A";
  return sim.inSession ? "Yes" : "No";
}

export function monthStart(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

export function thisMonthBytes(sim: Pick<SimFacts, "monthUsageBytes" | "monthUsagePeriod">, now: Date): number {
  return sim.monthUsagePeriod === monthStart(now) ? sim.monthUsageBytes : 0;
}

// Whole days, rounded up: a plan that ends in 3 hours still has 1 day left; an ended one has 0.
export function daysLeft(validUntil: Date | null, now: Date): number | null {
  if (!validUntil) return null;
  return Math.max(0, Math.ceil((validUntil.getTime() - now.getTime()) / DAY_MS));
}

export type Cell = { text: string; hint?: string };

const NOT_INTEGRATED: Cell = { text: "N/A", hint: "This operator has no integration, so the portal cannot know" };
const NO_PRODUCT: Cell = { text: "—", hint: "No product yet: attach the SIM to a plan and a company" };

export function dataLeftCell(sim: SimFacts, now: Date): Cell {
  if (!isIntegrated(sim.operatorDriver)) return NOT_INTEGRATED;
  if (!hasProduct(sim)) return NO_PRODUCT;
  if (sim.simType === "paygo") return { text: "—", hint: "PAYGO: charged per MB from the company's wallet, no data balance" };
  if (sim.simType !== "prepaid") return { text: "—", hint: "Subscription: included data each month, billed monthly" };
  if (sim.dataLeftBytes === null) return { text: "—" };
  const expired = sim.validUntil !== null && sim.validUntil <= now;
  return expired ? { text: "0", hint: "Validity ended" } : { text: formatMb(Math.max(0, sim.dataLeftBytes)) };
}

export function daysLeftCell(sim: SimFacts, now: Date): Cell {
  if (!isIntegrated(sim.operatorDriver)) return NOT_INTEGRATED;
  if (!hasProduct(sim)) return NO_PRODUCT;
  const days = daysLeft(sim.validUntil, now);
  return days === null ? { text: "—", hint: "No expiry" } : { text: String(days) };
}

export function thisMonthCell(sim: SimFacts, now: Date): Cell {
  if (!isIntegrated(sim.operatorDriver)) return NOT_INTEGRATED;
  if (!hasProduct(sim)) return NO_PRODUCT;
  return { text: formatMb(thisMonthBytes(sim, now)) };
}
