import type { simStatus, simType, statusReason } from "@/db/schema";
import { COMPANIES, OPERATORS, type CompanyName, type OperatorSpec } from "./catalog";
import { demoIccidPrefix, makeEsim, makeIccid, makeImsi, makeMsisdn, type EsimIdentity } from "./identifiers";
import { PLANS, type PlanSpec } from "./plan-catalog";
import { Rng } from "./random";

export type SimStatusValue = (typeof simStatus.enumValues)[number];
export type StatusReasonValue = (typeof statusReason.enumValues)[number];
export type SimTypeValue = (typeof simType.enumValues)[number];

// How a prepaid SIM's owner tops up: "auto" refills whenever data runs low or validity ends;
// "low" does too but is caught today just above empty; "lapse" and "drain" stop refilling at
// some day (a drain SIM also uses a lot), so the SIM then runs out of days or of data, or
// survives: the simulation decides, and the status follows.
export type PrepaidScenario = "auto" | "low" | "lapse" | "drain";

export type DemoSim = {
  iccid: string;
  operator: OperatorSpec;
  formFactor: "physical" | "esim";
  company: CompanyName | null;
  storeUse: boolean;
  plan: PlanSpec | null;
  status: SimStatusValue;
  imsi: string | null;
  msisdn: string | null;
  esim: EsimIdentity | null;
  // Days relative to the seed clock: upload, plan assignment, first usage, manual suspension.
  importDay: number;
  readyDay: number | null;
  activationDay: number | null;
  suspendDay: number | null;
  dailyMeanBytes: number;
  roamer: boolean;
  maritime: boolean;
  scenario: PrepaidScenario;
  cutoffDay: number;
};

export const DEMO_SIM_COUNT = 560;
const DEMO_SEED = "sim-portal-demo-v1";
const MB = 1_000_000;

function pickCompany(rng: Rng): CompanyName | null {
  const [acme, globex] = COMPANIES;
  return rng.weighted<CompanyName | null>([[acme.name, 45], [globex.name, 40], [null, 15]]);
}

function pickStatus(rng: Rng, op: OperatorSpec, company: CompanyName | null, esim: boolean): { status: SimStatusValue; storeUse: boolean } {
  if (op.driver === "none") return { status: rng.chance(0.85) ? "not_available" : "pending", storeUse: false };
  if (company === null) {
    // Unassigned eSIMs with a working integration are the store's stock.
    if (esim && rng.chance(0.6)) return { status: "activation_ready", storeUse: true };
    return { status: rng.weighted<SimStatusValue>([["pending", 4], [esim ? "invalid" : "blank", 3], ["invalid", 2]]), storeUse: false };
  }
  const status = rng.weighted<SimStatusValue>([
    ["active", 58], ["activation_ready", 12], ["suspended", 8], ["pending", 6], ["blank", 5], ["invalid", 4],
  ]);
  // Only a physical SIM can lack a line; an eSIM in that state is re-checked instead.
  return { status: status === "blank" && esim ? "pending" : status, storeUse: false };
}

function pickPlan(rng: Rng, op: OperatorSpec, prepaidOnly: boolean): PlanSpec {
  const own = PLANS.filter((p) => p.operator === op.name && (!prepaidOnly || p.type === "prepaid"));
  const type = rng.weighted<SimTypeValue>(
    ([["prepaid", 45], ["subscription", 30], ["paygo", 25]] as const).filter(([t]) => own.some((p) => p.type === t)),
  );
  return rng.pick(own.filter((p) => p.type === type));
}

function dailyMean(rng: Rng): number {
  const tier = rng.weighted([["light", 35], ["medium", 40], ["heavy", 20], ["router", 5]] as const);
  if (tier === "light") return rng.int(100_000, 2 * MB);
  if (tier === "medium") return rng.int(2 * MB, 20 * MB);
  if (tier === "heavy") return rng.int(20 * MB, 50 * MB);
  return rng.int(100 * MB, 300 * MB);
}

function planOne(rng: Rng, op: OperatorSpec, serial: number): DemoSim {
  const esimWanted = rng.chance(0.35);
  const company = pickCompany(rng);
  const { status, storeUse } = pickStatus(rng, op, company, esimWanted);
  const hasPlan = status === "active" || status === "activation_ready" || status === "suspended";
  const used = status === "active" || status === "suspended";
  // Skewed towards older activations: most SIMs in use have been for most of the 90 days.
  const activationDay = used ? -(3 + Math.floor(86 * Math.sqrt(rng.float()))) : null;
  const readyDay = activationDay !== null ? activationDay - rng.int(1, 20) : status === "activation_ready" ? -rng.int(0, 30) : null;
  const importDay = status === "pending" ? -rng.int(0, 3) : (readyDay ?? -rng.int(5, 40)) - rng.int(1, 160);
  const suspendDay = status === "suspended" && activationDay !== null ? rng.int(activationDay + 2, 0) : null;
  const hasLine = status !== "blank" && status !== "invalid";
  const scenario = rng.weighted<PrepaidScenario>([["auto", 58], ["low", 22], ["lapse", 10], ["drain", 10]]);
  const plan = hasPlan ? pickPlan(rng, op, storeUse) : null;
  return {
    iccid: makeIccid(demoIccidPrefix(op), serial, op.iccidLength),
    operator: op,
    formFactor: esimWanted ? "esim" : "physical",
    company,
    storeUse,
    plan,
    status,
    imsi: status === "invalid" ? null : makeImsi(op, rng),
    msisdn: hasLine ? makeMsisdn(op, rng) : null,
    esim: esimWanted ? makeEsim(op, rng, rng.chance(0.2)) : null,
    importDay,
    readyDay,
    activationDay,
    suspendDay,
    dailyMeanBytes: dailyMean(rng) * (scenario === "drain" && plan?.type === "prepaid" ? 3 : 1),
    roamer: rng.chance(0.3),
    maritime: rng.chance(0.06),
    scenario,
    cutoffDay: activationDay === null ? 0 : Math.min(-2, activationDay + rng.int(0, 40)),
  };
}

/** The demo fleet, generated from a fixed seed: the same SIMs on every run. */
export function planDemoSims(count = DEMO_SIM_COUNT): DemoSim[] {
  const rng = Rng.of(DEMO_SEED);
  const serials = new Map<string, number>();
  const sims: DemoSim[] = [];
  for (let i = 0; i < count; i++) {
    const op = rng.weighted(OPERATORS.map((o) => [o, o.weight] as const));
    const serial = (serials.get(op.name) ?? 1000) + 1;
    serials.set(op.name, serial);
    sims.push(planOne(rng, op, serial));
  }
  return sims;
}
