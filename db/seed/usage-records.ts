import { countryForMccMnc } from "@/lib/sims/countries";
import { INTERNATIONAL_NETWORKS, ROAMING_NETWORKS } from "./catalog";
import type { DemoSim } from "./demo-plan";
import type { Rng } from "./random";
import type { UsageDay } from "./usage-sim";

export type UsageRow = { sourceKey: string; startedAt: Date; bytes: number; mccMnc: string; countryCode: string | null };

const countryCache = new Map<string, string | null>();
export function countryOf(mccMnc: string): string | null {
  let code = countryCache.get(mccMnc);
  if (code === undefined) {
    code = countryForMccMnc(mccMnc)?.code ?? null;
    countryCache.set(mccMnc, code);
  }
  return code;
}

// Trips abroad: runs of days on one foreign network, as a truck or a traveller would have.
function planTrips(sim: DemoSim, days: UsageDay[], rng: Rng): Map<number, string> {
  const byDay = new Map<number, string>();
  const first = days[0];
  const last = days[days.length - 1];
  if (!sim.roamer || first === undefined || last === undefined) return byDay;
  const abroad = ROAMING_NETWORKS.filter((n) => countryOf(n) !== sim.operator.countryCode);
  const trips = rng.int(1, 3);
  for (let t = 0; t < trips; t++) {
    const network = rng.pick(abroad);
    const start = rng.int(first.day, last.day);
    const length = rng.int(2, 12);
    for (let day = start; day < start + length; day++) byDay.set(day, network);
  }
  return byDay;
}

function splitBytes(total: number, count: number, rng: Rng): number[] {
  const weights = Array.from({ length: count }, () => 0.2 + rng.float());
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + rest;
  return parts;
}

/** Splits each day's traffic into 0-4 records on the networks the SIM visited. */
export function buildRecords(sim: DemoSim, days: UsageDay[], rng: Rng): { usage: UsageRow[]; lastAtByDay: Map<number, number> } {
  const trips = planTrips(sim, days, rng);
  const usage: UsageRow[] = [];
  const lastAtByDay = new Map<number, number>();
  for (const d of days) {
    if (d.count === 0 || d.bytes <= 0) continue;
    const times = Array.from({ length: d.count }, () => d.from + Math.floor(rng.float() * (d.to - d.from))).sort((a, b) => a - b);
    const sizes = splitBytes(d.bytes, d.count, rng);
    const date = new Date(d.from).toISOString().slice(0, 10);
    const trip = trips.get(d.day);
    times.forEach((at, n) => {
      let mccMnc = sim.operator.homeMccMnc;
      if (sim.maritime && rng.chance(0.2)) mccMnc = rng.pick(INTERNATIONAL_NETWORKS);
      else if (trip !== undefined && rng.chance(0.85)) mccMnc = trip;
      usage.push({
        sourceKey: `seed:${sim.iccid}:${date}:${n + 1}`,
        startedAt: new Date(at),
        bytes: sizes[n] ?? 0,
        mccMnc,
        countryCode: countryOf(mccMnc),
      });
    });
    const lastAt = times[times.length - 1];
    if (lastAt !== undefined) lastAtByDay.set(d.day, lastAt);
  }
  return { usage, lastAtByDay };
}
