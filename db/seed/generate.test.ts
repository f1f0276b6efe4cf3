import { describe, expect, it } from "vitest";
import { parseActivationCode } from "@/lib/sims/activation-code";
import { validateEid } from "@/lib/sims/eid";
import { validateIccid } from "@/lib/sims/iccid";
import { liveDemoSims } from "./demo-history";
import { planDemoSims } from "./demo-plan";
import { emptyFleetBatch, pushFleetSim, type FleetContext } from "./fleet-rows";

const clock = new Date("2026-03-15T12:00:00Z");
const lived = liveDemoSims(planDemoSims(), clock);

describe("demo SIM generation", () => {
  it("is deterministic", () => {
    expect(liveDemoSims(planDemoSims(), clock)).toEqual(lived);
  });

  it("produces valid, unique identifiers", () => {
    expect(new Set(lived.map((s) => s.iccid)).size).toBe(lived.length);
    for (const sim of lived) {
      expect(validateIccid(sim.iccid)).toEqual({ ok: true, iccid: sim.iccid });
      if (sim.imsi !== null) expect(sim.imsi).toMatch(new RegExp(`^${sim.operator.homeMccMnc}\\d+$`));
      if (sim.imsi !== null) expect(sim.imsi).toHaveLength(15);
      if (sim.msisdn !== null) expect(sim.msisdn).toMatch(/^\d{8,15}$/);
      if (sim.esim === null) continue;
      expect(validateEid(sim.esim.eid).ok).toBe(true);
      const code = parseActivationCode(sim.esim.activationCode);
      expect(code.ok && code.value.confirmationCodeRequired).toBe(sim.esim.confirmationCode !== null);
    }
  });

  it("never lets a prepaid balance go below zero and keeps usage inside the SIM's life", () => {
    for (const sim of lived) {
      const activity = sim.activity;
      if (activity === null) continue;
      // Same instant: the grant first, as a package is granted before the traffic it pays for.
      const events = activity.ledger
        .map((l) => ({ at: l.createdAt.getTime(), delta: l.kind === "grant" ? l.bytes : -l.bytes }))
        .sort((a, b) => a.at - b.at || b.delta - a.delta);
      let balance = 0;
      for (const e of events) {
        balance += e.delta;
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      for (const u of activity.usage) {
        expect(u.startedAt.getTime()).toBeLessThanOrEqual(clock.getTime());
        if (activity.ending.status === "suspended") expect(u.startedAt.getTime()).toBeLessThanOrEqual(activity.ending.at);
      }
    }
  });
});

describe("fleet SIM generation", () => {
  it("derives valid ICCIDs from the index alone", () => {
    const ctx: FleetContext = { clockMs: clock.getTime(), monthStartMs: Date.UTC(2026, 2, 1), plans: [], labels: [], users: [], companySlots: 22 };
    const a = emptyFleetBatch();
    const b = emptyFleetBatch();
    for (let i = 0; i < 500; i++) pushFleetSim(a, i, ctx);
    for (let i = 499; i >= 0; i--) pushFleetSim(b, i, ctx);
    expect(b.iccid.reverse()).toEqual(a.iccid);
    for (const iccid of a.iccid) expect(validateIccid(String(iccid)).ok).toBe(true);
    expect(new Set(a.iccid).size).toBe(500);
  });
});
