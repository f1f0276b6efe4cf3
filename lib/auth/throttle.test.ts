import { describe, expect, it } from "vitest";
import { afterFailure, EMAIL_POLICY, isLocked, type ThrottleState } from "./throttle";

const t0 = new Date("2026-11-26T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function failTimes(minutes: number[]): ThrottleState | undefined {
  let state: ThrottleState | undefined;
  for (const m of minutes) state = afterFailure(state, at(m), EMAIL_POLICY);
  return state;
}

describe("sign-in throttling", () => {
  it("locks after five failures within fifteen minutes, for fifteen minutes", () => {
    expect(isLocked(failTimes([0, 1, 2, 3]), at(4))).toBe(false);
    const locked = failTimes([0, 1, 2, 3, 4]);
    expect(isLocked(locked, at(5))).toBe(true);
    expect(isLocked(locked, at(18))).toBe(true);
    expect(isLocked(locked, at(19.5))).toBe(false);
  });

  it("starts counting again once the window has passed", () => {
    const state = failTimes([0, 1, 2, 3, 16]);
    expect(state?.failures).toBe(1);
    expect(isLocked(state, at(16))).toBe(false);
  });
});
