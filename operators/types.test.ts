import { describe, expect, it } from "vitest";
import { OperatorError } from "./types";

describe("OperatorError", () => {
  it("is recognised across copies of the class, as separate server bundles have", () => {
    // What another bundle's copy of the class makes: a different object with the same global brand.
    const fromCopy: object = Object.assign(new Error("x"), { [Symbol.for("sim-portal.OperatorError")]: true });
    expect(fromCopy instanceof OperatorError).toBe(true);
    expect(new Error("x") instanceof OperatorError).toBe(false);
    expect(Object.assign(new Error("x"), { kind: "server" }) instanceof OperatorError).toBe(false);
  });

  it("keeps subclasses apart", () => {
    class SpecificError extends OperatorError {}
    expect(new SpecificError("server", "x") instanceof OperatorError).toBe(true);
    expect(new OperatorError("server", "x") instanceof SpecificError).toBe(false);
    expect(new SpecificError("server", "x") instanceof SpecificError).toBe(true);
  });
});
