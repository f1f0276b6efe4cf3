import { describe, expect, it } from "vitest";
import { createPacer, mapWithConcurrency, sharedPacer } from "./pacing";

describe("createPacer", () => {
  it("spaces request starts 1000/rate ms apart, whatever the concurrency", async () => {
    let clock = 1_000;
    const waits: number[] = [];
    const pace = createPacer(5, () => clock, async (ms) => void waits.push(ms));
    const signal = new AbortController().signal;
    await Promise.all([pace(signal), pace(signal), pace(signal)]);
    expect(waits).toEqual([200, 400]);
    clock += 1_000;
    await pace(signal);
    expect(waits).toEqual([200, 400]);
  });

  it("does not wait at all when unpaced", async () => {
    const waits: number[] = [];
    const pace = createPacer(0, () => 0, async (ms) => void waits.push(ms));
    await Promise.all(Array.from({ length: 10 }, () => pace(new AbortController().signal)));
    expect(waits).toEqual([]);
  });

  it("gives up waiting when the attempt is aborted", async () => {
    const pace = createPacer(1);
    const controller = new AbortController();
    await pace(controller.signal);
    const waiting = pace(controller.signal);
    controller.abort(new Error("timed out"));
    await expect(waiting).rejects.toThrow("timed out");
  });
});

describe("mapWithConcurrency", () => {
  it("keeps input order and never runs more than the limit at once", async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it("starts nothing new after a failure, waits for the running ones, and rethrows the first error", async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 10));
      settled += 1;
      if (n === 1) throw new Error("first");
      return n;
    });
    await expect(run).rejects.toThrow("first");
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });
});

describe("sharedPacer", () => {
  it("shares one pace per operator and rate within the process", () => {
    expect(sharedPacer("op-a", 5)).toBe(sharedPacer("op-a", 5));
    expect(sharedPacer("op-a", 5)).not.toBe(sharedPacer("op-b", 5));
    expect(sharedPacer("op-a", 5)).not.toBe(sharedPacer("op-a", 10));
  });
});
