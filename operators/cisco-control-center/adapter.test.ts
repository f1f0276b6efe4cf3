import { afterEach, describe, expect, it } from "vitest";
import { OperatorCaller, type CallPolicy } from "../resilience";
import { OperatorError, type SyncWindow } from "../types";
import { createCiscoControlCenterAdapter } from "./adapter";
import { fakeIccid, makeFakeDevice } from "./fake-devices";
import { startFakeControlCenter, type FakeControlCenter, type FakeControlCenterOptions } from "./fake-server";
import { createPacer, type Pacer } from "./pacing";

const NOW = new Date("2025-03-14T10:00:00Z");
const WINDOW: SyncWindow = { since: null, until: NOW };
const ACTIVE = fakeIccid(1);
const BLANK = fakeIccid(10);
const SUSPENDED = fakeIccid(7);
const UNKNOWN = fakeIccid(999);
const devices = () => [
  makeFakeDevice(1, { sessionStarted: new Date("2025-03-14T06:58:02Z"), sessionEnded: null, ctdDataUsage: 734_003_200 }),
  makeFakeDevice(10),
  makeFakeDevice(7, { ctdDataUsage: 5_000 }),
];
const basePolicy: CallPolicy = {
  timeoutMs: 2_000,
  maxAttempts: 3,
  baseDelayMs: 5,
  maxDelayMs: 30_000,
  breakerThreshold: 50,
  breakerCooldownMs: 60_000,
};

let server: FakeControlCenter | undefined;
let operators = 0;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Setup = {
  server?: FakeControlCenterOptions;
  policy?: Partial<CallPolicy>;
  settings?: Record<string, unknown>;
  apiKey?: string;
  pacer?: (requestsPerSecond: number) => Pacer;
  baseUrl?: (fakeUrl: string) => string;
};

async function setup(options: Setup = {}) {
  const fake = await startFakeControlCenter({ devices: devices(), ...options.server });
  server = fake;
  const sleeps: number[] = [];
  const caller = new OperatorCaller({ ...basePolicy, ...options.policy }, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
  const adapter = createCiscoControlCenterAdapter(
    {
      // Unique per test: the request pace is shared per operator within the process.
      operatorId: `op-${++operators}`,
      operatorName: "Test Control Center",
      settings: { baseUrl: options.baseUrl?.(fake.url) ?? fake.url, concurrency: 4, requestsPerSecond: 0, ...options.settings },
      credentials: { username: "api-user", apiKey: options.apiKey ?? "test-api-key" },
    },
    { caller, now: () => NOW, pacer: options.pacer },
  );
  const hits = (suffix: string) => fake.state.requests.filter((r) => r.path.endsWith(suffix)).length;
  return { adapter, fake, sleeps, hits };
}

async function failure(promise: Promise<unknown>): Promise<OperatorError> {
  const caught: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(caught instanceof OperatorError)) throw new Error(`expected an OperatorError, got ${String(caught)}`);
  return caught;
}

describe("Cisco Control Center adapter: reading SIMs", () => {
  it("reports state, MSISDN/IMSI, session and cycle-to-date usage with two calls per SIM", async () => {
    const { adapter, hits } = await setup();
    const result = await adapter.readSims([ACTIVE, BLANK, SUSPENDED], WINDOW);
    expect(result.failures).toEqual([]);
    expect(result.reports).toEqual([
      { iccid: ACTIVE, state: "active", msisdn: "15550000001", imsi: "310170000000001", inSession: true },
      { iccid: BLANK, state: "ready", msisdn: null, imsi: null, inSession: false },
      { iccid: SUSPENDED, state: "suspended", msisdn: "15550000007", imsi: "310170000000007", inSession: false },
    ]);
    expect(result.usage).toEqual([
      { kind: "cycleTotal", iccid: ACTIVE, cycleStart: "2025-03-01", totalBytes: 734_003_200, observedAt: NOW, mccMnc: null },
      { kind: "cycleTotal", iccid: BLANK, cycleStart: "2025-03-01", totalBytes: 0, observedAt: NOW, mccMnc: null },
      { kind: "cycleTotal", iccid: SUSPENDED, cycleStart: "2025-03-01", totalBytes: 5_000, observedAt: NOW, mccMnc: null },
    ]);
    expect([hits("/ctdUsages"), hits("/sessionInfo")]).toEqual([3, 3]);
  });

  it("reports an ICCID the operator does not know as unknown_sim, without asking for its session", async () => {
    const { adapter, hits } = await setup();
    const result = await adapter.readSims([ACTIVE, UNKNOWN], WINDOW);
    expect(result.reports.map((r) => r.iccid)).toEqual([ACTIVE]);
    expect(result.failures).toEqual([{ iccid: UNKNOWN, code: "unknown_sim", detail: expect.any(String) }]);
    expect(hits(`${UNKNOWN}/sessionInfo`)).toBe(0);
  });

  it.each(["json", "shape"] as const)("turns a malformed (%s) usage answer into that SIM's invalid_payload", async (malformed) => {
    const { adapter, fake, hits } = await setup();
    fake.state.faults.push({ path: new RegExp(`${BLANK}/ctdUsages`), kind: "malformed", malformed, times: 1 });
    const result = await adapter.readSims([ACTIVE, BLANK, SUSPENDED], WINDOW);
    expect(result.failures).toEqual([{ iccid: BLANK, code: "invalid_payload", detail: expect.stringMatching(/usage/i) }]);
    expect(result.reports.map((r) => r.iccid)).toEqual([ACTIVE, SUSPENDED]);
    expect(hits(`${BLANK}/ctdUsages`)).toBe(1);
  });

  it("keeps state and usage when only the session answer is malformed, with inSession unknown", async () => {
    const { adapter, fake } = await setup();
    fake.state.faults.push({ path: new RegExp(`${ACTIVE}/sessionInfo`), kind: "malformed", times: 1 });
    const result = await adapter.readSims([ACTIVE], WINDOW);
    expect(result.failures).toEqual([]);
    expect(result.reports[0]).toMatchObject({ iccid: ACTIVE, state: "active", inSession: null });
    expect(result.usage[0]).toMatchObject({ totalBytes: 734_003_200 });
  });

  it("retries a 500 and succeeds", async () => {
    const { adapter, fake, sleeps, hits } = await setup();
    fake.state.faults.push({ path: /\/ctdUsages$/, kind: "500", times: 1 });
    const result = await adapter.readSims([ACTIVE], WINDOW);
    expect(result.reports).toHaveLength(1);
    expect(hits("/ctdUsages")).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it("turns a SIM whose usage keeps answering 500 into that SIM's operator_error, and reports the others", async () => {
    const { adapter, fake, sleeps, hits } = await setup({ settings: { concurrency: 1 } });
    fake.state.faults.push({ path: new RegExp(`${BLANK}/ctdUsages$`), kind: "500", times: basePolicy.maxAttempts });
    const result = await adapter.readSims([ACTIVE, BLANK, SUSPENDED], WINDOW);
    expect(result.failures).toEqual([{ iccid: BLANK, code: "operator_error", detail: expect.stringContaining("answered 500") }]);
    expect(result.reports.map((r) => r.iccid)).toEqual([ACTIVE, SUSPENDED]);
    expect(result.usage.map((u) => u.iccid)).toEqual([ACTIVE, SUSPENDED]);
    expect(hits(`${BLANK}/ctdUsages`)).toBe(basePolicy.maxAttempts);
    expect(hits(`${BLANK}/sessionInfo`)).toBe(0);
    expect(sleeps).toHaveLength(basePolicy.maxAttempts - 1);
  });

  it("turns a refusal of one SIM's usage into that SIM's operator_error, without retrying it", async () => {
    const { adapter, fake, hits } = await setup();
    fake.state.faults.push({ path: new RegExp(`${BLANK}/ctdUsages$`), kind: "400", times: 1 });
    const result = await adapter.readSims([ACTIVE, BLANK], WINDOW);
    expect(result.failures).toEqual([{ iccid: BLANK, code: "operator_error", detail: expect.stringContaining("(10000028)") }]);
    expect(result.reports.map((r) => r.iccid)).toEqual([ACTIVE]);
    expect(hits(`${BLANK}/ctdUsages`)).toBe(1);
  });

  it("keeps state and usage when only the session keeps answering 500, with inSession unknown", async () => {
    const { adapter, fake } = await setup();
    fake.state.faults.push({ path: new RegExp(`${ACTIVE}/sessionInfo$`), kind: "500", times: basePolicy.maxAttempts });
    const result = await adapter.readSims([ACTIVE, SUSPENDED], WINDOW);
    expect(result.failures).toEqual([]);
    expect(result.reports[0]).toMatchObject({ iccid: ACTIVE, state: "active", inSession: null });
    expect(result.reports[1]).toMatchObject({ iccid: SUSPENDED, inSession: false });
  });

  it("fails the whole batch on a 404 without Control Center's code: a wrong base URL, not a SIM", async () => {
    const { adapter } = await setup({ baseUrl: (url) => url.replace("/rws/api/v1", "/wrong") });
    const error = await failure(adapter.readSims([ACTIVE, BLANK], WINDOW));
    expect(error).toMatchObject({ kind: "bad_request", options: { status: 404 } });
  });

  it("waits as long as Retry-After asks after a 429", async () => {
    const { adapter, fake, sleeps, hits } = await setup();
    fake.state.faults.push({ path: /\/ctdUsages$/, kind: "429", retryAfterSeconds: 1, times: 2 });
    const result = await adapter.readSims([ACTIVE], WINDOW);
    expect(result.reports).toHaveLength(1);
    expect(sleeps).toEqual([1000, 1000]);
    expect(hits("/ctdUsages")).toBe(3);
  });

  it("fails the whole batch when rate limiting outlasts the retries", async () => {
    const { adapter, fake, hits } = await setup({ settings: { concurrency: 1 } });
    fake.state.faults.push({ path: new RegExp(`${BLANK}/ctdUsages`), kind: "429", retryAfterSeconds: 2 });
    const error = await failure(adapter.readSims([ACTIVE, BLANK, SUSPENDED], WINDOW));
    expect(error).toMatchObject({ kind: "rate_limited", options: { retryAfterMs: 2000 } });
    expect(hits(`${SUSPENDED}/ctdUsages`)).toBe(0);
  });

  it("times out an answer that never comes, retries it, then fails the batch with timeout", async () => {
    const { adapter, fake, hits } = await setup({ policy: { timeoutMs: 60, maxAttempts: 2 }, settings: { concurrency: 1 } });
    fake.state.faults.push({ path: /\/ctdUsages$/, kind: "hang" });
    const error = await failure(adapter.readSims([ACTIVE, BLANK], WINDOW));
    expect(error.kind).toBe("timeout");
    expect(hits("/ctdUsages")).toBe(2);
  });

  it("fails with unauthorized on wrong credentials, without retrying or leaking the key", async () => {
    const { adapter, fake } = await setup({ apiKey: "wrong-key-123", settings: { concurrency: 1 } });
    const error = await failure(adapter.readSims([ACTIVE, BLANK], WINDOW));
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toContain("10000001");
    expect(error.message).not.toContain("wrong-key-123");
    expect(fake.state.requests).toHaveLength(1);
    expect((await failure(adapter.testConnection())).kind).toBe("unauthorized");
  });

  it("opens the circuit after repeated failures and stops calling the operator", async () => {
    const { adapter, fake } = await setup({ policy: { maxAttempts: 1, breakerThreshold: 3 } });
    fake.state.faults.push({ path: /\/ctdUsages$/, kind: "500" });
    for (let i = 0; i < 3; i++) {
      expect((await adapter.readSims([ACTIVE], WINDOW)).failures).toEqual([expect.objectContaining({ code: "operator_error" })]);
    }
    expect((await failure(adapter.readSims([ACTIVE], WINDOW))).kind).toBe("circuit_open");
    expect(fake.state.requests).toHaveLength(3);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const many = Array.from({ length: 12 }, (_, i) => makeFakeDevice(100 + i));
    const { adapter, fake } = await setup({ server: { devices: many, latencyMs: 5 }, settings: { concurrency: 3 } });
    const result = await adapter.readSims(many.map((d) => d.iccid), WINDOW);
    expect(result.reports).toHaveLength(12);
    expect(fake.state.maxInFlight).toBeLessThanOrEqual(3);
    expect(fake.state.maxInFlight).toBeGreaterThan(1);
  });

  it("keeps to the configured pace of requests per second", async () => {
    // The pace on a stopped clock: the waits it asks for are recorded instead of waited.
    const waits: number[] = [];
    const rates: number[] = [];
    const pacer = (requestsPerSecond: number) => {
      rates.push(requestsPerSecond);
      return createPacer(requestsPerSecond, () => 0, async (ms) => void waits.push(ms));
    };
    const { adapter, fake } = await setup({ settings: { concurrency: 8, requestsPerSecond: 20 }, pacer });
    await adapter.readSims([ACTIVE, BLANK, SUSPENDED], WINDOW);
    expect(rates).toEqual([20]);
    // Six requests at 20 per second: each starts 50 ms after the one before, the first at once.
    expect(fake.state.requests).toHaveLength(6);
    expect(waits.sort((a, b) => a - b)).toEqual([50, 100, 150, 200, 250]);
  });

  it("refuses more ICCIDs than maxBatch", async () => {
    const { adapter } = await setup();
    const tooMany = Array.from({ length: adapter.maxBatch + 1 }, (_, i) => fakeIccid(i));
    await expect(adapter.readSims(tooMany, WINDOW)).rejects.toThrow(/at most 200/);
  });
});

describe("Cisco Control Center adapter: connection and operations", () => {
  it("tests the connection with one search call", async () => {
    const recent = makeFakeDevice(3, { dateUpdated: new Date(NOW.getTime() - 3_600_000) });
    const { adapter, fake } = await setup({ server: { devices: [...devices(), recent] }, settings: { accountId: "100020620" } });
    expect(await adapter.testConnection()).toEqual({
      detail: "Control Center answered: 1 SIM(s) changed in the last 24 hours in account 100020620",
    });
    expect(fake.state.requests).toEqual([{ method: "GET", path: "/rws/api/v1/devices" }]);
  });

  it("suspends, activates and resumes by setting the status, applied at once", async () => {
    const { adapter, fake } = await setup();
    const status = () => fake.state.devices.get(ACTIVE)?.status;
    const suspend = await adapter.requestOperation(ACTIVE, "suspend");
    expect(status()).toBe("DEACTIVATED");
    expect(await adapter.operationResult(suspend.operationId)).toEqual({ state: "succeeded" });
    await adapter.requestOperation(ACTIVE, "resume");
    expect(status()).toBe("ACTIVATED");
    await adapter.requestOperation(BLANK, "activate");
    expect(fake.state.devices.get(BLANK)?.status).toBe("ACTIVATED");
  });

  it("reports a refused change as a failed operation with the operator's words", async () => {
    const { adapter } = await setup();
    const { operationId } = await adapter.requestOperation(UNKNOWN, "activate");
    expect(await adapter.operationResult(operationId)).toEqual({
      state: "failed",
      detail: expect.stringContaining("Invalid ICCID (20000001)"),
    });
  });

  it("confirms a change Control Center only accepted (202) by reading the device back", async () => {
    const { adapter, fake } = await setup({ server: { deferEdits: true } });
    const { operationId } = await adapter.requestOperation(ACTIVE, "suspend");
    expect(await adapter.operationResult(operationId)).toEqual({ state: "running" });
    const device = fake.state.devices.get(ACTIVE);
    if (device) device.status = "DEACTIVATED";
    expect(await adapter.operationResult(operationId)).toEqual({ state: "succeeded" });
  });

  it("throws (to be retried later) when the change cannot be made for now, and refuses foreign ids", async () => {
    const { adapter, fake } = await setup({ policy: { maxAttempts: 2 } });
    fake.state.faults.push({ path: new RegExp(`${ACTIVE}$`), method: "PUT", kind: "500" });
    expect((await failure(adapter.requestOperation(ACTIVE, "suspend"))).kind).toBe("server");
    expect(await adapter.operationResult("sim-op-42")).toMatchObject({ state: "failed" });
  });
});
