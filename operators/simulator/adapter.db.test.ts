import { beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { OperatorError } from "../types";
import { createOperator, insertSims, testAdapter, type TestClock } from "./test-fixtures";

// The simulated faults reach the portal through the real OperatorCaller: its retries, backoff,
// Retry-After and timeout are what these tests watch (sleeps are recorded, not waited).

const T0 = new Date("2025-06-10T12:00:00Z");
const clock: TestClock = { now: T0 };
const only = (rates: Record<string, number>) => ({ failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0, ...rates } });
let operatorId: string;
let iccids: string[];

beforeAll(async () => {
  operatorId = await createOperator("Simnet");
  iccids = await insertSims(operatorId, [{ status: "active" }, { status: "suspended" }, { status: "invalid" }], new Date(T0.getTime() - 86_400_000));
});

describe("simulator adapter", () => {
  it("declares what it implements and refuses bad settings by name", () => {
    const adapter = testAdapter(operatorId, {}, clock);
    expect(adapter.driver).toBe("simulator");
    expect([...adapter.capabilities].sort()).toEqual(["activate", "resume", "sessionState", "simSwap", "statusSync", "suspend", "usageRecords"]);
    expect(adapter.requestSimSwap).toBeTypeOf("function");
    expect(adapter.maxBatch).toBe(500);
    expect(() => testAdapter(operatorId, { activityRate: 1.5 }, clock)).toThrow(AppError);
    expect(() => testAdapter(operatorId, { activityRate: 1.5 }, clock)).toThrow(/"activityRate"/);
  });

  it("tells how many lines its network knows", async () => {
    const adapter = testAdapter(operatorId, {}, clock);
    await adapter.readSims(iccids, { since: null, until: T0 });
    expect(await adapter.testConnection()).toEqual({ detail: "Simulator network Simnet: 2 lines known" });
  });

  it("is rate limited on the first attempt, and the caller waits Retry-After and succeeds", async () => {
    const delays: number[] = [];
    const adapter = testAdapter(operatorId, { ...only({ rateLimited: 1 }), faultAttempts: 1, retryAfterSeconds: 3 }, clock, { delays });
    const result = await adapter.readSims(iccids, { since: null, until: T0 });
    expect(result.reports).toHaveLength(2);
    expect(delays).toEqual([3000]);
  });

  it("fails with server errors that the caller retries with backoff", async () => {
    const delays: number[] = [];
    const adapter = testAdapter(operatorId, { ...only({ server: 1 }), faultAttempts: 2 }, clock, { delays, policy: { baseDelayMs: 100 } });
    await expect(adapter.testConnection()).resolves.toMatchObject({ detail: expect.stringContaining("lines known") });
    // Full jitter with random() = 0.5 over ceilings of 100 and 200 ms.
    expect(delays).toEqual([50, 100]);
  });

  it("gives up after the caller's last attempt", async () => {
    const delays: number[] = [];
    const adapter = testAdapter(operatorId, only({ rateLimited: 1 }), clock, { delays, policy: { maxAttempts: 3 } });
    await expect(adapter.testConnection()).rejects.toMatchObject({ kind: "rate_limited" });
    expect(delays).toHaveLength(2);
  });

  it("hangs until the caller's timeout, then answers on the retry", async () => {
    // The hang comes before any database work, so the caller's timer can be driven by hand.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const hanging = testAdapter(operatorId, only({ timeout: 1 }), clock, { policy: { timeoutMs: 50, maxAttempts: 1 } });
      let settled = false;
      const read = hanging.readSims(iccids, { since: null, until: T0 }).finally(() => {
        settled = true;
      });
      read.catch(() => undefined);
      await vi.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await expect(read).rejects.toMatchObject({ kind: "timeout" });
    } finally {
      vi.useRealTimers();
    }

    const delays: number[] = [];
    const recovering = testAdapter(operatorId, { ...only({ timeout: 1 }), faultAttempts: 1 }, clock, {
      delays,
      policy: { timeoutMs: 50, maxAttempts: 2 },
    });
    await expect(recovering.operationResult("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ kind: "bad_request" });
    expect(delays).toHaveLength(1);
  });

  it("lets a database error through as it is, without retrying it as the operator's fault", async () => {
    const delays: number[] = [];
    // Not a uuid: the database refuses the query.
    const broken = testAdapter("not-an-operator-id", {}, clock, { delays });
    const error: unknown = await broken.readSims(iccids, { since: null, until: T0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OperatorError);
    expect(delays).toEqual([]);
  });

  it("refuses more SIMs than its batch size and answers an empty batch without a call", async () => {
    const adapter = testAdapter(operatorId, only({ server: 1 }), clock, { policy: { maxAttempts: 1 } });
    const tooMany = Array.from({ length: 501 }, (_, i) => String(i));
    await expect(adapter.readSims(tooMany, { since: null, until: T0 })).rejects.toMatchObject({ kind: "bad_request" });
    await expect(adapter.readSims([], { since: null, until: T0 })).resolves.toEqual({ reports: [], usage: [], failures: [] });
  });
});
