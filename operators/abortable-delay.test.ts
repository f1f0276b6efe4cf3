import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { abortableDelay } from "./abortable-delay";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function track(promise: Promise<void>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => void (state.settled = true),
    (error: unknown) => void Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe("abortableDelay", () => {
  it("resolves once the delay has passed, not before", async () => {
    const wait = track(abortableDelay(200, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(199);
    expect(wait.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(wait).toEqual({ settled: true, error: undefined });
  });

  it("resolves at once for no delay", async () => {
    await expect(abortableDelay(0, new AbortController().signal)).resolves.toBeUndefined();
  });

  it("rejects with the abort reason when aborted while waiting, and leaves no timer behind", async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort(new Error("timed out"));
    await expect(waiting).rejects.toThrow("timed out");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with an AbortError for a plain abort, also when aborted before it starts", async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await expect(abortableDelay(10, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
    await expect(abortableDelay(0, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });
});
