import { DAY_MS, HOUR_MS, MINUTE_MS, dayStartMs } from "./clock";
import type { DemoSim, StatusReasonValue } from "./demo-plan";
import { buildRecords, type UsageRow } from "./usage-records";
import { Rng } from "./random";

export type LedgerRow = { kind: "grant" | "debit"; bytes: number; validUntil: Date | null; sourceKey: string; createdAt: Date };
export type Ending = { status: "active" | "suspended"; reason: StatusReasonValue; detail: string; at: number };
export type SimUsage = { usage: UsageRow[]; ledger: LedgerRow[]; ending: Ending; firstUsageAt: number };

// One calendar day of a SIM's traffic: `count` records between `from` and `to` (ms).
export type UsageDay = { day: number; from: number; to: number; count: number; bytes: number };

const MB = 1_000_000;
// Auto-refill tops up below this, the usual threshold (domain.md: "e.g. under 100 MB").
const AUTO_REFILL_BELOW = 100 * MB;

function planDays(sim: DemoSim, activationDay: number, clock: Date, rng: Rng): UsageDay[] {
  const endDay = sim.suspendDay ?? 0;
  const days: UsageDay[] = [];
  for (let day = activationDay; day <= endDay; day++) {
    const start = dayStartMs(clock, day);
    const from = start + HOUR_MS;
    let to = Math.min(start + DAY_MS, clock.getTime());
    if (day === sim.suspendDay) to = Math.min(to, start + rng.int(8, 18) * HOUR_MS);
    let count = day === activationDay ? rng.int(1, 4) : rng.weighted([[0, 1], [1, 2], [2, 3], [3, 3], [4, 3]] as const);
    if (to - from < 10 * MINUTE_MS) count = 0;
    const share = Math.max(0, to - from) / (DAY_MS - HOUR_MS);
    const bytes = count === 0 ? 0 : Math.max(1_000, Math.round(sim.dailyMeanBytes * rng.noise(0.9) * share));
    days.push({ day, from, to, count, bytes });
  }
  return days;
}

type Grant = { at: number; bytes: number; validUntil: number };

// Walks the days, granting packages as the owner would, and stops the SIM where a manual owner
// lets it run out of data or of days. Mutates `days` (truncates and caps usage).
function runPrepaid(sim: DemoSim, days: UsageDay[], rng: Rng): { grants: Grant[]; stop: Ending | null } {
  const plan = sim.plan;
  if (plan?.type !== "prepaid") return { grants: [], stop: null };
  const grants: Grant[] = [];
  let balance = 0;
  let validUntil = 0;
  const grant = (at: number, bytes: number, validityDays: number) => {
    validUntil = Math.max(validUntil, at) + validityDays * DAY_MS;
    balance += bytes;
    grants.push({ at, bytes, validUntil });
  };
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d === undefined) break;
    const refillAt = d.from - HOUR_MS + rng.int(0, 50) * MINUTE_MS;
    if (i === 0) grant(refillAt, plan.dataBytes, plan.validityDays);
    const dayEnd = d.from - HOUR_MS + DAY_MS;
    const mayRefill = (sim.scenario !== "lapse" && sim.scenario !== "drain") || d.day < sim.cutoffDay;
    if (mayRefill) {
      while (balance < Math.max(AUTO_REFILL_BELOW, d.bytes) || validUntil < dayEnd) {
        const pkg = rng.pick(plan.refills.length > 0 ? plan.refills : [plan]);
        grant(refillAt, pkg.dataBytes, pkg.validityDays);
      }
    } else if (validUntil < dayEnd) {
      days.length = i;
      return { grants, stop: { status: "suspended", reason: "expiry", detail: "Plan validity ended", at: validUntil } };
    } else if (d.bytes >= balance) {
      d.to = d.from + Math.max(10 * MINUTE_MS, Math.round((d.to - d.from) * (balance / Math.max(1, d.bytes))));
      d.bytes = balance;
      d.count = balance > 0 ? Math.max(1, d.count) : 0;
      days.length = i + 1;
      return { grants, stop: { status: "suspended", reason: "no_data", detail: "No data left", at: d.to } };
    }
    balance -= d.bytes;
  }
  if (sim.scenario === "low" && sim.suspendDay === null) drainToLow(days, grants, balance, rng);
  return { grants, stop: null };
}

// Leaves the SIM just under the low-data threshold today by spreading the surplus over its
// last few days of traffic since the latest grant (the balance only falls after that grant).
function drainToLow(days: UsageDay[], grants: Grant[], balance: number, rng: Rng): void {
  const target = rng.int(5, 95) * MB;
  const lastGrant = grants[grants.length - 1];
  if (lastGrant === undefined || balance <= target) return;
  const tail = days.filter((d) => d.count > 0 && d.from > lastGrant.at).slice(-7);
  const tailBytes = tail.reduce((sum, d) => sum + d.bytes, 0);
  if (tail.length === 0 || tailBytes === 0) return;
  let extra = balance - target;
  tail.forEach((d, i) => {
    const add = i === tail.length - 1 ? extra : Math.floor(((balance - target) * d.bytes) / tailBytes);
    d.bytes += add;
    extra -= add;
  });
}

/** Usage records, allowance ledger and final state of a SIM that has been used. */
export function simulateUsage(sim: DemoSim, clock: Date): SimUsage | null {
  if (sim.activationDay === null) return null;
  const rng = Rng.of("usage", sim.iccid);
  const days = planDays(sim, sim.activationDay, clock, rng);
  const { grants, stop } = runPrepaid(sim, days, rng);
  const { usage, lastAtByDay } = buildRecords(sim, days, rng);
  const firstUsageAt = usage[0]?.startedAt.getTime() ?? (days[0]?.from ?? clock.getTime());

  const ledger: LedgerRow[] = grants.map((g, i) => ({
    kind: "grant",
    bytes: g.bytes,
    validUntil: new Date(g.validUntil),
    sourceKey: `seed:grant:${sim.iccid}:${i + 1}`,
    createdAt: new Date(g.at),
  }));
  if (grants.length > 0) {
    for (const d of days) {
      const at = lastAtByDay.get(d.day);
      if (d.bytes <= 0 || at === undefined) continue;
      const key = `seed:debit:${sim.iccid}:${new Date(d.from).toISOString().slice(0, 10)}`;
      ledger.push({ kind: "debit", bytes: d.bytes, validUntil: null, sourceKey: key, createdAt: new Date(at) });
    }
  }

  const lastDay = days[days.length - 1];
  const ending: Ending =
    stop ??
    (sim.suspendDay !== null && lastDay !== undefined
      ? { status: "suspended", reason: "user", detail: "Suspended by the company admin", at: lastDay.to }
      : { status: "active", reason: "system", detail: "First usage", at: firstUsageAt });
  return { usage, ledger, ending, firstUsageAt };
}
