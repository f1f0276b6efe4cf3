import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { SIM_STATUSES } from "./list-query";
import { allowedTargets, assertTransition, canTransition } from "./status-machine";

// The whole table, written out: a change to the machine must change this test.
const EXPECTED: Record<string, string[]> = {
  not_available: ["pending", "blank", "activation_ready", "active", "suspended", "invalid"],
  pending: ["not_available", "blank", "activation_ready", "active", "suspended", "invalid"],
  blank: ["not_available", "pending", "activation_ready", "active", "suspended", "invalid"],
  activation_ready: ["not_available", "pending", "blank", "active", "suspended", "invalid"],
  active: ["not_available", "pending", "blank", "suspended", "invalid"],
  suspended: ["not_available", "pending", "blank", "activation_ready", "active", "invalid"],
  invalid: ["not_available", "pending", "blank", "activation_ready", "active", "suspended"],
};

describe("SIM status machine", () => {
  it("allows exactly the moves of the table and refuses every other one", () => {
    for (const from of SIM_STATUSES) {
      expect(allowedTargets(from)).toEqual(EXPECTED[from]);
      for (const to of SIM_STATUSES) {
        expect(canTransition(from, to)).toBe(EXPECTED[from]?.includes(to) ?? false);
      }
    }
  });

  it("never allows staying in place or going back to Activation ready from Active", () => {
    for (const status of SIM_STATUSES) expect(canTransition(status, status)).toBe(false);
    expect(canTransition("active", "activation_ready")).toBe(false);
  });

  it("refuses an illegal move with a clear message", () => {
    expect(() => assertTransition("active", "activation_ready")).toThrow(AppError);
    expect(() => assertTransition("active", "activation_ready")).toThrow("A SIM cannot go from Active to Activation ready.");
    expect(() => assertTransition("active", "suspended")).not.toThrow();
  });
});
