import type { LineState, SyncWindow, UsageReport } from "../types";
import { hashParts, mixInts, normal, pick, unit } from "./random";
import type { SimulatorSettings } from "./settings";

// The simulated network's traffic, pure: which slots a line uses data in, how much, where, and
// whether it is in a data session. Everything is a hash of (seed, ICCID, slot), so asking twice
// about the same window gives the same records with the same ids.

export type TrafficSettings = Pick<
  SimulatorSettings,
  | "seed"
  | "homeMccMnc"
  | "roamingMccMncs"
  | "roamingRate"
  | "slotMinutes"
  | "activityRate"
  | "sessionRate"
  | "meanBytesPerSlot"
  | "firstAttachRate"
>;

// What the simulated operator believes about a line; `since` is when it entered its state
// (simulator_lines.updated_at): an active line uses data from then on, not before.
export type Line = { iccid: string; state: LineState; msisdn: string | null; imsi: string | null; since: Date };

// Usage is generated for at most the last 24 h of a window: a sync that was off for months
// (since = 90 days ago) would otherwise ask for millions of records in one call. Real operators
// also keep only a limited history of usage records online.
export const MAX_WINDOW_MS = 24 * 3600_000;

// [from, until) in epoch milliseconds.
export type Range = { from: number; until: number };

const DAY_MS = 86_400_000;
// Spread of a slot's bytes (log-normal) and of how heavy a user each line is.
const SLOT_SIGMA = 1.2;
const LINE_SIGMA = 0.6;

const SALT = { start: 1, activity: 2, bytesA: 3, bytesB: 4, session: 5, attach: 6, roam: 7, roamPick: 8, lineA: 9, lineB: 10 };

export type TrafficModel = {
  slotMs: number;
  range(window: SyncWindow): Range;
  // When a ready line first attaches inside the range, or null: from then on it is active.
  firstAttach(line: Line, range: Range): Date | null;
  usage(line: Line, range: Range): UsageReport[];
  inSessionAt(line: Line, at: Date): boolean;
};

// An operator's first sync has no `since`: it reads the last FIRST_WINDOW_SLOTS slots, so that at
// least one whole slot (and the usage that starts in it) always falls inside the window, wherever
// `until` falls in its slot. With activityRate 1 every active line then has usage in a first sync.
export const FIRST_WINDOW_SLOTS = 3;

export function trafficModel(settings: TrafficSettings): TrafficModel {
  const slotMs = settings.slotMinutes * 60_000;
  return {
    slotMs,
    range(window) {
      const until = window.until.getTime();
      const from = window.since === null ? until - FIRST_WINDOW_SLOTS * slotMs : Math.max(window.since.getTime(), until - MAX_WINDOW_MS);
      return { from: Math.min(from, until), until };
    },
    firstAttach(line, range) {
      // A SIM without a line (Blank) has nothing to attach with.
      if (line.state !== "ready" || line.msisdn === null || settings.firstAttachRate <= 0) return null;
      const h = lineHash(settings, line.iccid);
      for (const { slot, startedAt } of slotsIn(slotMs, h, range)) {
        if (startedAt < line.since.getTime()) continue;
        if (unit(mixInts(h, SALT.attach, slot)) < settings.firstAttachRate) return new Date(startedAt);
      }
      return null;
    },
    usage: usageModel(settings, slotMs),
    inSessionAt(line, at) {
      if (line.state !== "active" || at.getTime() < line.since.getTime()) return false;
      const slot = Math.floor(at.getTime() / slotMs);
      return unit(mixInts(lineHash(settings, line.iccid), SALT.session, slot)) < settings.sessionRate;
    },
  };
}

const lineHash = (settings: TrafficSettings, iccid: string) => hashParts(settings.seed, iccid);

// Slots whose usage starts inside the range, with that start. Each instant belongs to one window of
// a gapless series of windows, so every record is reported exactly once.
function* slotsIn(slotMs: number, h: number, range: Range): Generator<{ slot: number; startedAt: number }> {
  const first = Math.floor(range.from / slotMs);
  const last = Math.floor((range.until - 1) / slotMs);
  for (let slot = first; slot <= last; slot++) {
    const startedAt = slot * slotMs + Math.floor(unit(mixInts(h, SALT.start, slot)) * slotMs);
    if (startedAt >= range.from && startedAt < range.until) yield { slot, startedAt };
  }
}

// How heavy a user the line is: a log-normal factor with mean 1.
function lineFactor(h: number): number {
  return Math.exp(LINE_SIGMA * normal(mixInts(h, SALT.lineA), mixInts(h, SALT.lineB)) - (LINE_SIGMA * LINE_SIGMA) / 2);
}

function bytesIn(meanBytesPerSlot: number, h: number, slot: number, factor: number): number {
  const mu = Math.log(meanBytesPerSlot * factor) - (SLOT_SIGMA * SLOT_SIGMA) / 2;
  const z = normal(mixInts(h, SALT.bytesA, slot), mixInts(h, SALT.bytesB, slot));
  return Math.max(1, Math.round(Math.exp(mu + SLOT_SIGMA * z)));
}

// A line's usage records: in which slots it uses data, how much and on which network.
function usageModel(settings: TrafficSettings, slotMs: number): TrafficModel["usage"] {
  const visitedNetworks = roamingNetworks(settings.roamingMccMncs);

  function mccMncAt(h: number, line: Line, startedAt: number): string | null {
    const home = settings.homeMccMnc ?? (line.imsi && line.imsi.length >= 5 ? line.imsi.slice(0, 5) : null);
    const day = Math.floor(startedAt / DAY_MS);
    if (unit(mixInts(h, SALT.roam, day)) >= settings.roamingRate) return home;
    return pick(visitedNetworks(home), mixInts(h, SALT.roamPick, day)) ?? home;
  }

  return (line, range) => {
    if (line.state !== "active") return [];
    const h = lineHash(settings, line.iccid);
    const since = line.since.getTime();
    const factor = lineFactor(h);
    const records: UsageReport[] = [];
    for (const { slot, startedAt } of slotsIn(slotMs, h, range)) {
      if (startedAt < since) continue;
      // The first attach is a first use of data (it is what makes the SIM Active in the portal).
      const used = startedAt === since || unit(mixInts(h, SALT.activity, slot)) < settings.activityRate;
      if (!used) continue;
      records.push({
        kind: "record",
        iccid: line.iccid,
        recordId: `${line.iccid}:${new Date(slot * slotMs).toISOString()}`,
        startedAt: new Date(startedAt),
        bytes: bytesIn(settings.meanBytesPerSlot, h, slot, factor),
        mccMnc: mccMncAt(h, line, startedAt),
      });
    }
    return records;
  };
}

// The networks a line from `home` may roam on, memoized per home network. Roaming in one's own
// country is rare; a visited network is always in another country.
function roamingNetworks(roamingMccMncs: readonly string[]): (home: string | null) => readonly string[] {
  const byHome = new Map<string, readonly string[]>();
  return (home) => {
    const key = home ?? "";
    let list = byHome.get(key);
    if (!list) {
      const abroad = roamingMccMncs.filter((n) => home === null || n.slice(0, 3) !== home.slice(0, 3));
      list = abroad.length > 0 ? abroad : roamingMccMncs;
      byHome.set(key, list);
    }
    return list;
  };
}
