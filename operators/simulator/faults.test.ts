import { afterEach, describe, expect, it, vi } from "vitest";
import { OperatorError } from "../types";
import { faultFor, hangUntilAborted, simulateNetwork } from "./faults";
import { parseSimulatorSettings } from "./settings";

const settingsWith = (settings: Record<string, unknown>) => parseSimulatorSettings({ operatorId: "op", settings: { seed: 5, latencyMs: 0, ...settings } });
// Only the named faults, so that a rate of 1 is allowed (the three rates share one roll).
const only = (rates: Record<string, number>) => ({ failureRates: { timeout: 0, rateLimited: 0, server: 0, ...rates } });

afterEach(() => {
  vi.useRealTimers();
});

describe("simulated faults", () => {
  it("occur at the configured rates, decided by seed, call and attempt", () => {
    const s = settingsWith({ failureRates: { timeout: 0.05, rateLimited: 0.1, server: 0.15 } });
    const counts = { timeout: 0, rate_limited: 0, server: 0, none: 0 };
    for (let call = 0; call < 20_000; call++) counts[faultFor(s, call, 1) ?? "none"] += 1;
    expect(counts.timeout / 20_000).toBeCloseTo(0.05, 2);
    expect(counts.rate_limited / 20_000).toBeCloseTo(0.1, 2);
    expect(counts.server / 20_000).toBeCloseTo(0.15, 2);
    const pattern = (seed: number) => Array.from({ length: 200 }, (_, call) => faultFor({ ...s, seed }, call, 1));
    expect(pattern(5)).toEqual(pattern(5));
    expect(pattern(6)).not.toEqual(pattern(5));
    // A retry rolls again.
    const attempts = Array.from({ length: 200 }, (_, call) => faultFor(s, call, 2));
    expect(attempts).not.toEqual(pattern(5));
  });

  it("spare the attempts after faultAttempts", () => {
    const s = settingsWith({ ...only({ server: 1 }), faultAttempts: 2 });
    expect([1, 2, 3, 4].map((attempt) => faultFor(s, 7, attempt))).toEqual(["server", "server", null, null]);
  });

  it("throw rate_limited with the configured Retry-After, or a server error", async () => {
    const signal = new AbortController().signal;
    const limited = simulateNetwork(settingsWith({ ...only({ rateLimited: 1 }), retryAfterSeconds: 3 }), 1, 1, signal);
    await expect(limited).rejects.toMatchObject({ kind: "rate_limited", options: { retryAfterMs: 3000 } });
    const server = simulateNetwork(settingsWith(only({ server: 1 })), 1, 1, signal);
    await expect(server).rejects.toBeInstanceOf(OperatorError);
    await expect(simulateNetwork(settingsWith(only({ server: 1 })), 1, 1, signal)).rejects.toMatchObject({ kind: "server" });
    await expect(simulateNetwork(settingsWith(only({})), 1, 1, signal)).resolves.toBeUndefined();
  });

  it("hang until the caller gives up", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let settled = false;
    const hang = simulateNetwork(settingsWith(only({ timeout: 1 })), 1, 1, controller.signal).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(settled).toBe(false);
    controller.abort();
    await expect(hang).rejects.toMatchObject({ name: "AbortError" });
    await expect(hangUntilAborted(controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("wait out the latency, between half and one and a half times the setting, unless the call is abandoned", async () => {
    vi.useFakeTimers();
    const s = settingsWith({ ...only({}), latencyMs: 100 });
    let settled = false;
    const answered = simulateNetwork(s, 1, 1, new AbortController().signal).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(101);
    expect(settled).toBe(true);
    await expect(answered).resolves.toBeUndefined();

    const controller = new AbortController();
    const abandoned = simulateNetwork(s, 2, 1, controller.signal);
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });
  });
});
