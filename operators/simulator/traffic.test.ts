import { describe, expect, it } from "vitest";
import type { UsageReport } from "../types";
import { parseSimulatorSettings } from "./settings";
import { MAX_WINDOW_MS, trafficModel, type Line } from "./traffic";

const HOUR = 3600_000;
const UNTIL = new Date("2025-06-10T12:00:00Z");
const model = (settings: Record<string, unknown> = {}) =>
  trafficModel(parseSimulatorSettings({ operatorId: "op", settings: { seed: 1, homeMccMnc: "21407", ...settings } }));

const iccidOf = (n: number) => `893407${String(n).padStart(13, "0")}`;
const activeLine = (n = 1, since = new Date("2025-01-01T00:00:00Z")): Line => ({
  iccid: iccidOf(n),
  state: "active",
  msisdn: `3460000${String(n).padStart(4, "0")}`,
  imsi: `21407${String(n).padStart(10, "0")}`,
  since,
});
const last = (hours: number) => ({ from: UNTIL.getTime() - hours * HOUR, until: UNTIL.getTime() });
const records = (m: ReturnType<typeof model>, lines: Line[], range: { from: number; until: number }) =>
  lines.flatMap((l) => m.usage(l, range)).filter((r): r is Extract<UsageReport, { kind: "record" }> => r.kind === "record");
const lines = (count: number) => Array.from({ length: count }, (_, i) => activeLine(i + 1));

describe("simulated usage", () => {
  it("gives the same records for the same seed and different ones for another seed", () => {
    const a = records(model(), lines(20), last(6));
    expect(records(model(), lines(20), last(6))).toEqual(a);
    const b = records(model({ seed: 2 }), lines(20), last(6));
    expect(b.map((r) => [r.recordId, r.bytes])).not.toEqual(a.map((r) => [r.recordId, r.bytes]));
    expect(a.length).toBeGreaterThan(100);
  });

  it("reports each record once whatever the windows, with ids from the ICCID and the slot", () => {
    const m = model();
    const whole = records(m, lines(5), last(6));
    const pieces: typeof whole = [];
    for (let t = UNTIL.getTime() - 6 * HOUR; t < UNTIL.getTime(); t += 60_000) {
      pieces.push(...records(m, lines(5), { from: t, until: t + 60_000 }));
    }
    const byId = (rs: typeof whole) => [...rs].sort((x, y) => (x.recordId < y.recordId ? -1 : 1));
    expect(byId(pieces)).toEqual(byId(whole));
    expect(new Set(whole.map((r) => r.recordId)).size).toBe(whole.length);
    for (const r of whole) {
      const slotStart = Math.floor(r.startedAt.getTime() / (5 * 60_000)) * 5 * 60_000;
      expect(r.recordId).toBe(`${r.iccid}:${new Date(slotStart).toISOString()}`);
    }
  });

  it("generates usage only for active lines, from the moment they became active", () => {
    const m = model({ activityRate: 1 });
    for (const state of ["ready", "suspended", "retired"] as const) {
      expect(m.usage({ ...activeLine(), state }, last(6))).toEqual([]);
    }
    const since = new Date(UNTIL.getTime() - 2 * HOUR);
    const usage = records(m, [activeLine(1, since)], last(6));
    expect(usage.length).toBeGreaterThan(20);
    expect(usage.every((r) => r.startedAt >= since)).toBe(true);
  });

  it("counts a first attach as a first use of data", () => {
    const m = model({ activityRate: 0, firstAttachRate: 0.2 });
    const line = activeLine(1, new Date(UNTIL.getTime() - 10 * HOUR));
    expect(m.usage(line, last(6))).toEqual([]);
    const attach = m.firstAttach({ ...line, state: "ready" }, last(6));
    expect(attach).not.toBeNull();
    const usage = records(m, [{ ...line, since: attach ?? UNTIL }], last(6));
    expect(usage.map((r) => r.startedAt)).toEqual([attach]);
  });

  it("caps a long window to the last 24 hours and reads the last three slots on a first run", () => {
    const m = model({ activityRate: 1 });
    const range = m.range({ since: new Date(UNTIL.getTime() - 90 * 24 * HOUR), until: UNTIL });
    expect(range).toEqual({ from: UNTIL.getTime() - MAX_WINDOW_MS, until: UNTIL.getTime() });
    const usage = records(m, [activeLine()], range);
    expect(usage.length).toBeGreaterThan(280);
    expect(usage.length).toBeLessThanOrEqual(288);
    expect(m.range({ since: null, until: UNTIL })).toEqual({ from: UNTIL.getTime() - 3 * 5 * 60_000, until: UNTIL.getTime() });
    expect(m.range({ since: new Date(UNTIL.getTime() - HOUR), until: UNTIL }).from).toBe(UNTIL.getTime() - HOUR);
  });

  it("gives every active line usage in a first sync when activityRate is 1, wherever the sync falls in a slot", () => {
    const m = model({ activityRate: 1 });
    // On a slot boundary, just after one, mid-slot and just before the next.
    for (const offsetMs of [0, 1, 1_000, 150_000, 299_999]) {
      const until = new Date(UNTIL.getTime() + offsetMs);
      const range = m.range({ since: null, until });
      const withUsage = lines(200).filter((l) => m.usage(l, range).length > 0);
      expect(withUsage).toHaveLength(200);
    }
  });

  it("uses data in about activityRate of the slots, heavy-tailed around meanBytesPerSlot", () => {
    const m = model({ activityRate: 0.3, meanBytesPerSlot: 200_000 });
    const usage = records(m, lines(500), last(24));
    expect(usage.length / (500 * 288)).toBeCloseTo(0.3, 1);
    const bytes = usage.map((r) => r.bytes).sort((a, b) => a - b);
    expect(bytes.every((b) => Number.isInteger(b) && b >= 1)).toBe(true);
    const mean = bytes.reduce((s, b) => s + b, 0) / bytes.length;
    expect(Math.abs(mean / 200_000 - 1)).toBeLessThan(0.1);
    const median = bytes[Math.floor(bytes.length / 2)] ?? 0;
    const p99 = bytes[Math.floor(bytes.length * 0.99)] ?? 0;
    expect(median).toBeLessThan(mean);
    expect(p99 / median).toBeGreaterThan(8);
  });

  it("records usage at home mostly and abroad on some days, one visited network per day", () => {
    const m = model({ activityRate: 1, roamingRate: 0.1 });
    const usage: ReturnType<typeof records> = [];
    for (let day = 0; day < 10; day++) {
      const until = UNTIL.getTime() - day * 24 * HOUR;
      usage.push(...records(m, lines(30), { from: until - 24 * HOUR, until }));
    }
    const abroad = usage.filter((r) => r.mccMnc !== "21407");
    expect(abroad.length / usage.length).toBeGreaterThan(0.03);
    expect(abroad.length / usage.length).toBeLessThan(0.2);
    expect(abroad.some((r) => r.mccMnc?.startsWith("214"))).toBe(false);
    expect(new Set(abroad.map((r) => r.mccMnc?.slice(0, 3))).size).toBeGreaterThanOrEqual(4);
    const networksPerLineDay = new Map<string, Set<string | null>>();
    for (const r of abroad) {
      const key = `${r.iccid}:${Math.floor(r.startedAt.getTime() / (24 * HOUR))}`;
      networksPerLineDay.set(key, (networksPerLineDay.get(key) ?? new Set()).add(r.mccMnc));
    }
    expect([...networksPerLineDay.values()].every((s) => s.size === 1)).toBe(true);
  });

  it("takes the home network from the IMSI when the setting is absent", () => {
    const m = trafficModel(parseSimulatorSettings({ operatorId: "op", settings: { seed: 1, activityRate: 1, roamingRate: 0 } }));
    const usage = records(m, [{ ...activeLine(), imsi: "234150000000001" }], last(1));
    expect(new Set(usage.map((r) => r.mccMnc))).toEqual(new Set(["23415"]));
  });
});

describe("simulated sessions and first attaches", () => {
  it("puts active lines in session about sessionRate of the time, changing over the day", () => {
    const m = model({ sessionRate: 0.4 });
    const line = activeLine();
    const overDay = Array.from({ length: 288 }, (_, i) => m.inSessionAt(line, new Date(UNTIL.getTime() - i * 5 * 60_000)));
    expect(overDay.filter(Boolean).length / 288).toBeCloseTo(0.4, 1);
    const now = lines(2000).filter((l) => m.inSessionAt(l, UNTIL)).length / 2000;
    expect(now).toBeCloseTo(0.4, 1);
    expect(m.inSessionAt({ ...line, state: "suspended" }, UNTIL)).toBe(false);
    expect(m.inSessionAt({ ...line, since: new Date(UNTIL.getTime() + 1) }, UNTIL)).toBe(false);
  });

  it("attaches ready lines at firstAttachRate per slot, never a SIM without a line", () => {
    const m = model({ firstAttachRate: 0.02 });
    const ready = lines(2000).map((l) => ({ ...l, state: "ready" as const }));
    const attached = ready.map((l) => m.firstAttach(l, last(1)));
    // Twelve 5-minute slots: 1 - 0.98^12 = 0.215.
    expect(attached.filter((a) => a !== null).length / 2000).toBeCloseTo(0.215, 1);
    expect(attached.every((a) => a === null || (a.getTime() >= last(1).from && a.getTime() < last(1).until))).toBe(true);
    const always = model({ firstAttachRate: 1 });
    expect(ready.slice(0, 50).every((l) => always.firstAttach({ ...l, msisdn: null }, last(1)) === null)).toBe(true);
    expect(always.firstAttach(activeLine(), last(1))).toBeNull();
  });

  it("finds the same first attach however the time is cut into windows", () => {
    const m = model({ firstAttachRate: 0.05 });
    for (const l of lines(50)) {
      const ready = { ...l, state: "ready" as const };
      const whole = m.firstAttach(ready, last(3));
      let stepwise: Date | null = null;
      for (let t = last(3).from; t < UNTIL.getTime() && stepwise === null; t += 60_000) {
        stepwise = m.firstAttach(ready, { from: t, until: t + 60_000 });
      }
      expect(stepwise).toEqual(whole);
    }
  });
});
