import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { simulatorLines } from "@/db/schema";
import type { UsageReport } from "../types";
import { createOperator, iccidFor, insertSims, testAdapter, type TestClock } from "./test-fixtures";

const T0 = new Date("2025-06-10T12:00:00Z");
const TWO_DAYS_AGO = new Date(T0.getTime() - 2 * 86_400_000);
const HOUR = 3600_000;
let operatorId: string;
let otherOperatorId: string;

beforeAll(async () => {
  operatorId = await createOperator("Simnet");
  otherOperatorId = await createOperator("Othernet");
});

async function linesOf(iccids: readonly string[]) {
  const rows = await getDb().select().from(simulatorLines).where(inArray(simulatorLines.iccid, [...iccids]));
  return new Map(rows.map((r) => [r.iccid, r]));
}

const records = (usage: UsageReport[]) => usage.filter((u): u is Extract<UsageReport, { kind: "record" }> => u.kind === "record");

describe("simulator readSims", () => {
  it("provisions SIMs it has never seen from the portal's inventory", async () => {
    const clock: TestClock = { now: T0 };
    const [active, blank, suspended, invalid, ready, pending, notAvailable] = await insertSims(
      operatorId,
      [
        { status: "active" },
        { status: "blank", msisdn: null },
        { status: "suspended" },
        { status: "invalid" },
        { status: "activation_ready" },
        { status: "pending" },
        { status: "not_available" },
      ],
      TWO_DAYS_AGO,
    );
    const [elsewhere] = await insertSims(otherOperatorId, [{ status: "active" }], TWO_DAYS_AGO);
    const stranger = iccidFor(999_999);
    const all = [active, blank, suspended, invalid, ready, pending, notAvailable, elsewhere, stranger].filter((i) => i !== undefined);
    expect(all).toHaveLength(9);

    const adapter = testAdapter(operatorId, { firstAttachRate: 0 }, clock);
    const result = await adapter.readSims(all, { since: null, until: T0 });

    const states = Object.fromEntries(result.reports.map((r) => [r.iccid, r.state]));
    expect(states).toEqual({
      [String(active)]: "active",
      [String(blank)]: "ready",
      [String(suspended)]: "suspended",
      [String(ready)]: "ready",
      [String(pending)]: "ready",
      [String(notAvailable)]: "ready",
    });
    const blankReport = result.reports.find((r) => r.iccid === blank);
    expect(blankReport).toMatchObject({ msisdn: null, inSession: false });
    expect(result.reports.find((r) => r.iccid === active)?.msisdn).toMatch(/^346\d{8}$/);
    expect(result.failures.map((f) => [f.iccid, f.code]).sort()).toEqual(
      [invalid, elsewhere, stranger].map((i) => [i, "unknown_sim"]).sort(),
    );

    const lines = await linesOf(all);
    expect(lines.size).toBe(7);
    expect(lines.get(String(invalid))?.known).toBe(false);
    expect(lines.get(String(active))).toMatchObject({ known: true, state: "active", operatorId, updatedAt: TWO_DAYS_AGO });
  });

  it("does not know a share of the pending SIMs, and keeps believing so", async () => {
    const clock: TestClock = { now: T0 };
    const [pending, ready] = await insertSims(operatorId, [{ status: "pending" }, { status: "activation_ready" }], TWO_DAYS_AGO);
    const iccids = [pending, ready].filter((i) => i !== undefined);
    const doubtful = testAdapter(operatorId, { failureRates: { unknownSim: 1 } }, clock);
    const first = await doubtful.readSims(iccids, { since: null, until: T0 });
    expect(first.failures).toEqual([expect.objectContaining({ iccid: pending, code: "unknown_sim" })]);
    expect(first.reports.map((r) => r.iccid)).toEqual([ready]);
    const trusting = testAdapter(operatorId, {}, clock);
    const again = await trusting.readSims(iccids, { since: null, until: T0 });
    expect(again.failures.map((f) => f.iccid)).toEqual([pending]);
  });

  it("lets a ready line attach for the first time, then keeps it active and using data", async () => {
    const clock: TestClock = { now: T0 };
    const [ready, blank, stays] = await insertSims(
      operatorId,
      [{ status: "activation_ready" }, { status: "blank", msisdn: null }, { status: "activation_ready" }],
      TWO_DAYS_AGO,
    );
    if (!ready || !blank || !stays) throw new Error("fixture");
    const eager = testAdapter(operatorId, { firstAttachRate: 1, activityRate: 1 }, clock);
    const window = { since: new Date(T0.getTime() - HOUR), until: T0 };
    const first = await eager.readSims([ready, blank], window);
    expect(first.reports.map((r) => [r.iccid, r.state])).toEqual([
      [ready, "active"],
      [blank, "ready"],
    ]);
    const usage = records(first.usage);
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.every((u) => u.iccid === ready)).toBe(true);
    const line = (await linesOf([ready])).get(ready);
    expect(line?.state).toBe("active");
    expect(usage[0]?.startedAt).toEqual(line?.updatedAt);

    // A replay of the window gives the same records; the next window carries on.
    expect(records((await eager.readSims([ready], window)).usage)).toEqual(usage);
    clock.now = new Date(T0.getTime() + HOUR);
    const next = await eager.readSims([ready], { since: T0, until: clock.now });
    expect(records(next.usage).length).toBeGreaterThan(5);
    expect(records(next.usage).every((u) => u.startedAt >= T0)).toBe(true);

    const never = testAdapter(operatorId, { firstAttachRate: 0, activityRate: 1 }, clock);
    const idle = await never.readSims([stays], { since: T0, until: clock.now });
    expect(idle.reports[0]?.state).toBe("ready");
    expect(idle.usage).toEqual([]);
    expect((await linesOf([stays])).get(stays)?.state).toBe("ready");
  });

  it("never attaches an eSIM that is still in the store's stock", async () => {
    const clock: TestClock = { now: T0 };
    const [shelved] = await insertSims(operatorId, [{ status: "activation_ready", storeUse: true }], TWO_DAYS_AGO);
    if (!shelved) throw new Error("fixture");
    const eager = testAdapter(operatorId, { firstAttachRate: 1, activityRate: 1 }, clock);
    const result = await eager.readSims([shelved], { since: new Date(T0.getTime() - HOUR), until: T0 });
    expect(result.reports[0]?.state).toBe("ready");
    expect(result.usage).toEqual([]);
    expect((await linesOf([shelved])).get(shelved)?.state).toBe("ready");
  });

  it("reports an active line in session as the session rate says", async () => {
    const clock: TestClock = { now: T0 };
    const iccids = await insertSims(operatorId, [{ status: "active" }, { status: "suspended" }], TWO_DAYS_AGO);
    const always = await testAdapter(operatorId, { sessionRate: 1 }, clock).readSims(iccids, { since: null, until: T0 });
    expect(always.reports.map((r) => r.inSession)).toEqual([true, false]);
    const never = await testAdapter(operatorId, { sessionRate: 0 }, clock).readSims(iccids, { since: null, until: T0 });
    expect(never.reports.map((r) => r.inSession)).toEqual([false, false]);
  });

  it("provisions a SIM once when two reads meet it at the same time", async () => {
    const clock: TestClock = { now: T0 };
    const iccids = await insertSims(operatorId, Array.from({ length: 20 }, () => ({ status: "active" as const })), TWO_DAYS_AGO);
    // A unique-key conflict would be a database error, which the caller lets through unretried:
    // both reads must succeed on their first attempt (ON CONFLICT DO NOTHING, then a re-read).
    const delays: number[] = [];
    const [a, b] = await Promise.all([
      testAdapter(operatorId, {}, clock, { delays, policy: { maxAttempts: 1 } }).readSims(iccids, { since: null, until: T0 }),
      testAdapter(operatorId, {}, clock, { delays, policy: { maxAttempts: 1 } }).readSims(iccids, { since: null, until: T0 }),
    ]);
    expect(delays).toEqual([]);
    expect(a).toEqual(b);
    expect(a.reports).toHaveLength(20);
    const rows = await getDb()
      .select()
      .from(simulatorLines)
      .where(and(eq(simulatorLines.operatorId, operatorId), inArray(simulatorLines.iccid, iccids)));
    expect(rows).toHaveLength(20);
  });

  it("answers for every SIM of a full batch of 500, over a first sight, a minute and a day", async () => {
    const clock: TestClock = { now: T0 };
    const statuses = ["active", "activation_ready", "suspended", "pending"] as const;
    const iccids = await insertSims(
      operatorId,
      Array.from({ length: 500 }, (_, i) => ({ status: statuses[i % statuses.length] ?? "active" })),
      TWO_DAYS_AGO,
    );
    const adapter = testAdapter(operatorId, { failureRates: { unknownSim: 0.01 } }, clock);
    const read = async (since: Date | null, until: Date) => {
      const result = await adapter.readSims(iccids, { since, until });
      expect(result.reports.length + result.failures.length).toBe(500);
      return result;
    };
    await read(null, T0);
    await read(T0, new Date(T0.getTime() + 60_000));
    const day = await read(new Date(T0.getTime() - 24 * HOUR), T0);
    expect(records(day.usage).length).toBeGreaterThan(1000);
  });
});
