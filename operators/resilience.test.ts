import { describe, expect, it } from "vitest";
import { CircuitBreaker, DEFAULT_POLICY, OperatorCaller, parseRetryAfter } from "./resilience";
import { OperatorError } from "./types";

function caller(policy: Partial<typeof DEFAULT_POLICY> = {}, random = () => 1) {
  const sleeps: number[] = [];
  let clock = 0;
  const instance = new OperatorCaller(
    { ...DEFAULT_POLICY, ...policy },
    { sleep: async (ms) => void sleeps.push(ms), random, nowMs: () => clock },
  );
  return { instance, sleeps, advance: (ms: number) => (clock += ms) };
}

// Fails with the given errors in turn, then answers "ok".
function script(...errors: OperatorError[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return "ok";
  };
  return { fn, calls: () => calls };
}

describe("OperatorCaller", () => {
  it("retries retryable failures with exponential backoff and full jitter, then succeeds", async () => {
    const { instance, sleeps } = caller({ baseDelayMs: 100 }, () => 0.5);
    const run = script(new OperatorError("server", "503"), new OperatorError("timeout", "slow"), new OperatorError("network", "reset"));
    expect(await instance.call(run.fn)).toBe("ok");
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it("gives up after maxAttempts and does not retry what retrying cannot fix", async () => {
    const server = caller({ maxAttempts: 3 });
    const failing = script(...Array.from({ length: 5 }, () => new OperatorError("server", "503")));
    await expect(server.instance.call(failing.fn)).rejects.toMatchObject({ kind: "server" });
    expect(failing.calls()).toBe(3);

    const refused = caller();
    const unauthorized = script(new OperatorError("unauthorized", "401"));
    await expect(refused.instance.call(unauthorized.fn)).rejects.toMatchObject({ kind: "unauthorized" });
    expect(unauthorized.calls()).toBe(1);
  });

  it("waits exactly as long as Retry-After says, and gives up when that is longer than a call may wait", async () => {
    const { instance, sleeps } = caller({ maxDelayMs: 10_000 });
    const run = script(new OperatorError("rate_limited", "429", { retryAfterMs: 3_000 }));
    expect(await instance.call(run.fn)).toBe("ok");
    expect(sleeps).toEqual([3_000]);

    const long = caller({ maxDelayMs: 10_000 });
    const patient = script(new OperatorError("rate_limited", "429", { retryAfterMs: 60_000 }));
    await expect(long.instance.call(patient.fn)).rejects.toMatchObject({ kind: "rate_limited" });
    expect(patient.calls()).toBe(1);
    expect(long.sleeps).toEqual([]);
  });

  it("times an attempt out and retries it", async () => {
    const { instance } = caller({ timeoutMs: 20, maxAttempts: 2 });
    let attempts = 0;
    const hangsOnce = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        attempts += 1;
        if (attempts > 1) resolve("ok");
        signal.addEventListener("abort", () => undefined);
      });
    expect(await instance.call(hangsOnce)).toBe("ok");
    expect(attempts).toBe(2);
  });

  it("rethrows an exception that is not an operator failure, unretried", async () => {
    const { instance } = caller();
    let calls = 0;
    const bug = async () => {
      calls += 1;
      throw new RangeError("a bug");
    };
    await expect(instance.call(bug)).rejects.toBeInstanceOf(RangeError);
    expect(calls).toBe(1);
    expect(instance.breaker.consecutiveFailures).toBe(0);
  });
});

describe("CircuitBreaker", () => {
  it("opens after the threshold, refuses during the cooldown, then lets one trial through", () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1_000, () => now);
    breaker.enter();
    breaker.failed();
    expect(breaker.state).toBe("closed");
    breaker.enter();
    breaker.failed();
    expect(breaker.state).toBe("open");
    expect(() => breaker.enter()).toThrow(OperatorError);
    now = 1_000;
    expect(breaker.state).toBe("half_open");
    breaker.enter();
    expect(() => breaker.enter()).toThrow(/paused/);
    breaker.failed();
    expect(breaker.state).toBe("open");
    now = 2_000;
    breaker.enter();
    breaker.succeeded();
    expect(breaker.state).toBe("closed");
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 10:00:30 GMT", Date.parse("2026-12-02T10:00:00Z"))).toBe(30_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 09:00:00 GMT", Date.parse("2026-12-02T10:00:00Z"))).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
