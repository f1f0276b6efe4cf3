import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { simulatorLines, simulatorOperations } from "@/db/schema";
import { OperatorError } from "../types";
import { createOperator, iccidFor, insertSims, testAdapter, type TestClock } from "./test-fixtures";

const T0 = new Date("2025-06-10T12:00:00Z");
const DAY_AGO = new Date(T0.getTime() - 86_400_000);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let operatorId: string;

beforeAll(async () => {
  operatorId = await createOperator("Simnet");
});

async function sim(status: Parameters<typeof insertSims>[1][number]["status"], msisdn?: null): Promise<string> {
  const [iccid] = await insertSims(operatorId, [{ status, ...(msisdn === null && { msisdn }) }], DAY_AGO);
  if (!iccid) throw new Error("fixture");
  return iccid;
}

async function line(iccid: string) {
  const [row] = await getDb().select().from(simulatorLines).where(eq(simulatorLines.iccid, iccid));
  return row;
}

async function operation(id: string) {
  const [row] = await getDb().select().from(simulatorOperations).where(eq(simulatorOperations.id, id));
  return row;
}

describe("simulator operations", () => {
  it("run for operationDelaySeconds, then change the line", async () => {
    const clock: TestClock = { now: T0 };
    const adapter = testAdapter(operatorId, { operationDelaySeconds: 20 }, clock);
    const iccid = await sim("active");
    const { operationId } = await adapter.requestOperation(iccid, "suspend");

    clock.now = at(19);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "running" });
    expect((await line(iccid))?.state).toBe("active");

    clock.now = at(25);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "succeeded" });
    expect(await line(iccid)).toMatchObject({ state: "suspended", updatedAt: at(20) });
    expect((await operation(operationId))?.appliedAt).toEqual(at(25));
  });

  it("apply the change exactly once, even under concurrent polls", async () => {
    const iccid = await sim("suspended");
    const { operationId } = await testAdapter(operatorId, { operationDelaySeconds: 20 }, { now: T0 }).requestOperation(iccid, "resume");

    const first = testAdapter(operatorId, {}, { now: at(30) });
    const second = testAdapter(operatorId, {}, { now: at(31) });
    const results = await Promise.all([first.operationResult(operationId), second.operationResult(operationId)]);
    expect(results).toEqual([{ state: "succeeded" }, { state: "succeeded" }]);
    const appliedAt = (await operation(operationId))?.appliedAt;
    expect([at(30).getTime(), at(31).getTime()]).toContain(appliedAt?.getTime());
    expect((await line(iccid))?.state).toBe("active");

    // A later change of the line (another operation) is not undone by polling this one again.
    await getDb().update(simulatorLines).set({ state: "suspended" }).where(eq(simulatorLines.iccid, iccid));
    expect(await testAdapter(operatorId, {}, { now: at(60) }).operationResult(operationId)).toEqual({ state: "succeeded" });
    expect((await line(iccid))?.state).toBe("suspended");
    expect((await operation(operationId))?.appliedAt).toEqual(appliedAt);
  });

  it("fail now and then, leaving the line as it was", async () => {
    const clock: TestClock = { now: T0 };
    const adapter = testAdapter(operatorId, { operationDelaySeconds: 5, failureRates: { operation: 1 } }, clock);
    const iccid = await sim("activation_ready");
    const { operationId } = await adapter.requestOperation(iccid, "activate");
    clock.now = at(10);
    const result = await adapter.operationResult(operationId);
    expect(result).toMatchObject({ state: "failed", detail: expect.stringMatching(/^Operator rejected the request: /) });
    expect((await line(iccid))?.state).toBe("ready");
  });

  it("fail when the line changed state while they ran", async () => {
    const clock: TestClock = { now: T0 };
    const adapter = testAdapter(operatorId, { operationDelaySeconds: 5 }, clock);
    const iccid = await sim("activation_ready");
    const { operationId } = await adapter.requestOperation(iccid, "activate");
    await getDb().update(simulatorLines).set({ state: "retired" }).where(eq(simulatorLines.iccid, iccid));
    clock.now = at(10);
    expect(await adapter.operationResult(operationId)).toMatchObject({ state: "failed", detail: expect.stringContaining("changed state") });
    expect((await line(iccid))?.state).toBe("retired");
  });

  it("refuse what the operator cannot do", async () => {
    const adapter = testAdapter(operatorId, {}, { now: T0 });
    const refusal = async (iccid: string, kind: "activate" | "suspend" | "resume", message: RegExp) => {
      const error = await adapter.requestOperation(iccid, kind).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperatorError);
      expect(error).toMatchObject({ kind: "bad_request", message: expect.stringMatching(message) });
    };
    await refusal(await sim("invalid"), "activate", /unknown to Simnet/);
    await refusal(iccidFor(999_999), "suspend", /unknown to Simnet/);
    await refusal(await sim("blank", null), "activate", /no line/);
    await refusal(await sim("activation_ready"), "resume", /never activated/);
    const retired = await sim("active");
    await adapter.readSims([retired], { since: null, until: T0 });
    await getDb().update(simulatorLines).set({ state: "retired" }).where(eq(simulatorLines.iccid, retired));
    await refusal(retired, "resume", /retired/);

    await expect(adapter.operationResult("not-an-id")).rejects.toMatchObject({ kind: "bad_request" });
    await expect(adapter.operationResult("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("accept a request for the state the line is already in", async () => {
    const clock: TestClock = { now: T0 };
    const adapter = testAdapter(operatorId, { operationDelaySeconds: 1 }, clock);
    const iccid = await sim("suspended");
    const before = await adapter.readSims([iccid], { since: null, until: T0 });
    expect(before.reports[0]?.state).toBe("suspended");
    const { operationId } = await adapter.requestOperation(iccid, "suspend");
    clock.now = at(2);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "succeeded" });
    expect(await line(iccid)).toMatchObject({ state: "suspended", updatedAt: DAY_AGO });
  });
});

describe("simulator SIM swap", () => {
  async function swapAdapter(settings: Record<string, unknown> = {}) {
    const clock: TestClock = { now: T0 };
    const adapter = testAdapter(operatorId, { operationDelaySeconds: 20, ...settings }, clock);
    if (!adapter.requestSimSwap) throw new Error("the simulator declares simSwap");
    return { clock, adapter, swap: adapter.requestSimSwap.bind(adapter) };
  }

  it("moves the line to the new card after the delay; the new card keeps its IMSI, the old is retired", async () => {
    const { clock, adapter, swap } = await swapAdapter();
    const oldIccid = await sim("active");
    const newIccid = await sim("blank", null);
    await adapter.readSims([oldIccid, newIccid], { since: null, until: T0 });
    const [before, fresh] = [await line(oldIccid), await line(newIccid)];
    const { operationId } = await swap(oldIccid, newIccid);

    clock.now = at(19);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "running" });
    expect((await line(newIccid))?.msisdn).toBeNull();

    clock.now = at(21);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "succeeded" });
    expect(await line(newIccid)).toMatchObject({ state: "active", msisdn: before?.msisdn, imsi: fresh?.imsi, updatedAt: at(20) });
    expect(await line(oldIccid)).toMatchObject({ state: "retired", msisdn: null });
    const report = await adapter.readSims([oldIccid, newIccid], { since: at(20), until: at(21) });
    expect(report.reports.map((r) => [r.iccid, r.state, r.msisdn])).toEqual([
      [oldIccid, "retired", null],
      [newIccid, "active", before?.msisdn],
    ]);
  });

  it("gives the new card a number when the old one never had one (a Blank SIM)", async () => {
    const { clock, adapter, swap } = await swapAdapter();
    const oldIccid = await sim("blank", null);
    const newIccid = await sim("blank", null);
    const { operationId } = await swap(oldIccid, newIccid);
    clock.now = at(30);
    expect(await adapter.operationResult(operationId)).toEqual({ state: "succeeded" });
    expect((await line(newIccid))?.msisdn).toMatch(/^883\d{12}$/);
    expect((await line(oldIccid))?.state).toBe("retired");
  });

  it("fails now and then like other operations, leaving both cards as they were", async () => {
    const { clock, adapter, swap } = await swapAdapter({ failureRates: { operation: 1 } });
    const oldIccid = await sim("active");
    const newIccid = await sim("blank", null);
    const { operationId } = await swap(oldIccid, newIccid);
    clock.now = at(30);
    expect(await adapter.operationResult(operationId)).toMatchObject({ state: "failed", detail: expect.stringMatching(/^Operator rejected the request: /) });
    expect((await line(oldIccid))?.state).toBe("active");
    expect((await line(newIccid))?.msisdn).toBeNull();
  });

  it("fails when the new card got a line while the swap ran", async () => {
    const { clock, adapter, swap } = await swapAdapter();
    const oldIccid = await sim("active");
    const newIccid = await sim("blank", null);
    const { operationId } = await swap(oldIccid, newIccid);
    await getDb().update(simulatorLines).set({ msisdn: "34699999999" }).where(eq(simulatorLines.iccid, newIccid));
    clock.now = at(30);
    expect(await adapter.operationResult(operationId)).toMatchObject({ state: "failed", detail: expect.stringContaining("changed state") });
    expect((await line(oldIccid))?.state).toBe("active");
  });

  it("refuses an unknown or already used new card, and a retired old one", async () => {
    const { adapter, swap } = await swapAdapter();
    const refusal = async (oldIccid: string, newIccid: string, message: RegExp) => {
      const error = await swap(oldIccid, newIccid).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperatorError);
      expect(error).toMatchObject({ kind: "bad_request", message: expect.stringMatching(message) });
    };
    const oldIccid = await sim("active");
    await refusal(oldIccid, iccidFor(999_998), /New SIM .* unknown to Simnet/);
    await refusal(oldIccid, await sim("active"), /already has a line/);
    await refusal(oldIccid, oldIccid, /to itself/);
    const retired = await sim("active");
    await adapter.readSims([retired], { since: null, until: T0 });
    await getDb().update(simulatorLines).set({ state: "retired" }).where(eq(simulatorLines.iccid, retired));
    await refusal(retired, await sim("blank", null), /retired at Simnet/);
  });
});
