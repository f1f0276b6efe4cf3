import { DAY_MS, MINUTE_MS } from "./clock";
import { NOTES, OPERATORS, type OperatorSpec } from "./catalog";
import type { SimStatusValue, StatusReasonValue } from "./demo-plan";
import { PENDING_DETAIL } from "./demo-history";
import { makeEsim, makeIccid, makeImsi, makeMsisdn } from "./identifiers";
import type { PlanSpec } from "./plan-catalog";
import { Rng } from "./random";

// Fleet SIMs are generated from their index alone (never from a running PRNG), so any chunk
// can be produced on its own and a rerun produces the same SIM for the same index.

export type FleetContext = {
  clockMs: number;
  monthStartMs: number;
  // Per operator (OPERATORS order): its plans as 1-based positions in the plan lookup array.
  plans: Array<Array<{ ref: number; spec: PlanSpec }>>;
  // Per company slot (0 Acme, 1 Globex, 2.. Fleet Co): 1-based label lookup positions, user ids.
  labels: number[][];
  users: string[][];
  companySlots: number;
};

type Cell = string | number | boolean | null;
export const FLEET_COLUMNS = [
  "iccid", "formFactor", "op", "status", "reason", "detail", "changed", "plan", "company", "endUser", "imsi", "msisdn",
  "eid", "activationCode", "confirmationCode", "inSession", "sessionAt", "dataLeft", "validUntil", "monthBytes",
  "lastUsage", "note", "created", "label", "grantBytes", "grantAt", "debitBytes", "usageBytes",
] as const;
export type FleetColumn = (typeof FLEET_COLUMNS)[number];
export type FleetBatch = Record<FleetColumn, Cell[]>;

const MB = 1_000_000;
// A distinct issuer number ("99") keeps fleet ICCIDs apart from the demo's and easy to count.
export const FLEET_ISSUER = "99";

export function fleetIccidPrefix(op: OperatorSpec, opIndex: number): string {
  return `89${op.iccidCountry}${FLEET_ISSUER}${opIndex}`;
}

export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function fleetCompanySlot(rng: Rng, slots: number): number {
  const r = rng.float();
  if (r < 0.4) return 0;
  if (r < 0.7) return 1;
  return 2 + Math.floor(((r - 0.7) / 0.3) * (slots - 2));
}

const OPERATOR_WEIGHTS = OPERATORS.map((o, i) => [i, o.weight] as const);

function pickStatus(rng: Rng, op: OperatorSpec, esim: boolean): SimStatusValue {
  if (op.driver === "none") return rng.chance(0.85) ? "not_available" : "pending";
  const s = rng.weighted<SimStatusValue>([["active", 60], ["activation_ready", 12], ["suspended", 10], ["pending", 5], ["blank", 5], ["invalid", 4]]);
  return s === "blank" && esim ? "pending" : s;
}

type Life = { reason: StatusReasonValue; detail: string | null; created: number; changed: number };

// When the SIM was uploaded and last changed status, and why.
function lifeOf(rng: Rng, status: SimStatusValue, prepaid: boolean, now: number): Life {
  const ago = (minDays: number, maxDays: number) => now - rng.int(minDays, maxDays) * DAY_MS - rng.int(0, 86_399) * 1000;
  if (status === "pending") {
    const created = now - rng.int(10, 3 * 24 * 60) * MINUTE_MS;
    return { reason: "import", detail: PENDING_DETAIL, created, changed: created };
  }
  const created = ago(400, 900);
  const checked = created + rng.int(2, 90) * MINUTE_MS;
  switch (status) {
    case "not_available":
      return { reason: "import", detail: "No integration for this operator", created, changed: created };
    case "blank":
      return { reason: "operator", detail: "Operator reports no line (MSISDN) for this SIM", created, changed: checked };
    case "invalid":
      return { reason: "operator", detail: "Operator does not recognise this ICCID", created, changed: checked };
    case "activation_ready":
      return { reason: "user", detail: "Plan assigned", created, changed: ago(0, 60) };
    case "active":
      return { reason: "system", detail: "First usage", created, changed: ago(3, 300) };
    default: {
      const reason = prepaid ? rng.weighted<StatusReasonValue>([["user", 2], ["no_data", 1], ["expiry", 1]]) : "user";
      const detail = reason === "user" ? "Suspended by the company admin" : reason === "no_data" ? "No data left" : "Plan validity ended";
      return { reason, detail, created, changed: ago(1, 60) };
    }
  }
}

type Traffic = { lastUsage: number | null; usageBytes: number | null; monthBytes: number; dataLeft: number | null; validUntil: number | null; grantBytes: number | null; grantAt: number | null; debitBytes: number | null };

// Denormalized totals plus the one grant and one debit that explain a prepaid balance.
function trafficOf(rng: Rng, status: SimStatusValue, life: Life, spec: PlanSpec | null, ctx: FleetContext): Traffic {
  const none: Traffic = { lastUsage: null, usageBytes: null, monthBytes: 0, dataLeft: null, validUntil: null, grantBytes: null, grantAt: null, debitBytes: null };
  if (status !== "active" && status !== "suspended") return none;
  const stop = status === "active" ? ctx.clockMs : life.changed;
  const lastUsage = stop - rng.int(1, status === "active" ? 36 * 60 : 600) * MINUTE_MS;
  const daysThisMonth = Math.max(0, (lastUsage - ctx.monthStartMs) / DAY_MS);
  let monthBytes = daysThisMonth > 0 ? Math.max(1_000, Math.round(rng.int(100_000, 40 * MB) * rng.noise(1) * daysThisMonth)) : 0;
  // The SIM's one usage record: this month's total, or a last session in an earlier month.
  const usageBytes = (bytes: number) => (lastUsage >= ctx.monthStartMs ? bytes : rng.int(100_000, 50 * MB));
  if (spec?.type !== "prepaid") return { ...none, lastUsage, monthBytes, usageBytes: usageBytes(monthBytes) };
  const validity = spec.validityDays * DAY_MS;
  const started = life.reason === "expiry" ? stop - validity : stop - rng.int(0, spec.validityDays - 1) * DAY_MS - rng.int(0, 86_399) * 1000;
  // The package was granted before the traffic it pays for.
  const grantAt = Math.min(started, lastUsage - rng.int(1, 120) * MINUTE_MS);
  const low = status === "active" && rng.chance(0.15);
  const debit = life.reason === "no_data" ? spec.dataBytes : low ? spec.dataBytes - rng.int(1, 99) * MB : Math.max(MB, Math.floor(spec.dataBytes * 0.9 * rng.float()));
  monthBytes = grantAt >= ctx.monthStartMs ? debit : Math.min(debit, monthBytes);
  return { lastUsage, usageBytes: usageBytes(monthBytes), monthBytes, dataLeft: spec.dataBytes - debit, validUntil: grantAt + validity, grantBytes: spec.dataBytes, grantAt, debitBytes: debit };
}

/** Appends fleet SIM number `index` to the column arrays of `batch`. */
export function pushFleetSim(batch: FleetBatch, index: number, ctx: FleetContext): void {
  const rng = new Rng(mix32(index + 0x5eed));
  const opIndex = rng.weighted(OPERATOR_WEIGHTS);
  const op = OPERATORS[opIndex];
  if (op === undefined) throw new Error("fleet: operator index out of range");
  const esim = rng.chance(0.35);
  const status = pickStatus(rng, op, esim);
  const company = fleetCompanySlot(rng, ctx.companySlots);
  const plans = ctx.plans[opIndex] ?? [];
  const plan = (status === "active" || status === "activation_ready" || status === "suspended") && plans.length > 0 ? rng.pick(plans) : null;
  const life = lifeOf(rng, status, plan?.spec.type === "prepaid", ctx.clockMs);
  const traffic = trafficOf(rng, status, life, plan?.spec ?? null, ctx);
  const endUsers = ctx.users[company] ?? [];
  const labels = ctx.labels[company] ?? [];
  const esimIdentity = esim ? makeEsim(op, rng, rng.chance(0.2)) : null;
  const inSession = op.driver === "none" ? null : status === "active" && rng.chance(0.4);
  const row: Record<FleetColumn, Cell> = {
    iccid: makeIccid(fleetIccidPrefix(op, opIndex), index, 20),
    formFactor: esim ? "esim" : "physical",
    op: opIndex + 1,
    status,
    reason: life.reason,
    detail: life.detail,
    changed: life.changed,
    plan: plan?.ref ?? null,
    company: company + 1,
    endUser: plan !== null && endUsers.length > 0 && rng.chance(0.4) ? rng.pick(endUsers) : null,
    imsi: status === "invalid" ? null : makeImsi(op, rng),
    msisdn: status === "blank" || status === "invalid" ? null : makeMsisdn(op, rng),
    eid: esimIdentity?.eid ?? null,
    activationCode: esimIdentity?.activationCode ?? null,
    confirmationCode: esimIdentity?.confirmationCode ?? null,
    inSession,
    sessionAt: inSession === null ? null : ctx.clockMs - rng.int(1, 600) * MINUTE_MS,
    dataLeft: traffic.dataLeft,
    validUntil: traffic.validUntil,
    monthBytes: traffic.monthBytes,
    lastUsage: traffic.lastUsage,
    note: rng.chance(0.05) ? rng.pick(NOTES) : null,
    created: life.created,
    label: labels.length > 0 && rng.chance(0.2) ? rng.pick(labels) : null,
    grantBytes: traffic.grantBytes,
    grantAt: traffic.grantAt,
    debitBytes: traffic.debitBytes,
    usageBytes: traffic.usageBytes,
  };
  for (const column of FLEET_COLUMNS) batch[column].push(row[column]);
}

export function emptyFleetBatch(): FleetBatch {
  return Object.fromEntries(FLEET_COLUMNS.map((c) => [c, []])) as unknown as FleetBatch;
}
