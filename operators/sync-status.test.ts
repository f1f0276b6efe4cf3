import { describe, expect, it } from "vitest";
import { statusAfterObservation, type SimSnapshot } from "./sync-status";
import type { SimReport } from "./types";

const line = (over: Partial<SimReport> = {}): SimReport => ({
  iccid: "8934071000000000001",
  state: "active",
  msisdn: "34600000001",
  imsi: "214070000000001",
  inSession: false,
  ...over,
});
const sim = (over: Partial<SimSnapshot> = {}): SimSnapshot => ({
  status: "pending",
  statusReason: "import",
  statusDetail: null,
  hasUsage: false,
  ...over,
});
const report = (over: Partial<SimReport> = {}) => ({ kind: "report" as const, report: line(over) });

describe("status after an operator report", () => {
  it("confirms a pending SIM as Activation ready, or Active once it has usage", () => {
    expect(statusAfterObservation(sim(), report())?.status).toBe("activation_ready");
    expect(statusAfterObservation(sim({ hasUsage: true }), report())?.status).toBe("active");
    expect(statusAfterObservation(sim({ status: "not_available" }), report({ state: "ready" }))?.status).toBe("activation_ready");
  });

  it("turns a SIM without a line into Blank and an unknown one into Invalid with the reason", () => {
    expect(statusAfterObservation(sim({ status: "active" }), report({ msisdn: null }))).toEqual({
      status: "blank",
      detail: "The operator reports no line (MSISDN) for this SIM: swap it",
    });
    const change = statusAfterObservation(sim({ status: "active" }), {
      kind: "failure",
      failure: { iccid: "x", code: "unknown_sim", detail: "404 device not found" },
    });
    expect(change).toEqual({ status: "invalid", detail: "The operator does not know this SIM: 404 device not found" });
  });

  it("recovers an Invalid SIM when the operator answers again", () => {
    expect(statusAfterObservation(sim({ status: "invalid", statusReason: "operator" }), report())?.status).toBe("activation_ready");
  });

  it("follows a suspension at the operator, and its resumption", () => {
    expect(statusAfterObservation(sim({ status: "active", statusReason: "operator" }), report({ state: "suspended" }))?.status).toBe(
      "suspended",
    );
    const suspendedThere = sim({ status: "suspended", statusReason: "operator", hasUsage: true });
    expect(statusAfterObservation(suspendedThere, report())?.status).toBe("active");
  });

  it("keeps a suspension the portal decided (user, expiry, rule) even if the line is still up", () => {
    for (const reason of ["user", "expiry", "no_data", "rule"] as const) {
      expect(statusAfterObservation(sim({ status: "suspended", statusReason: reason }), report())).toBeNull();
    }
  });

  it("keeps a portal suspension through an operator failure, and after it", () => {
    const suspended = sim({ status: "suspended", statusReason: "user" });
    const failure = { kind: "failure" as const, failure: { iccid: "x", code: "operator_error" as const, detail: "HTTP 500" } };
    expect(statusAfterObservation(suspended, failure)).toBeNull();
    expect(statusAfterObservation(suspended, report())).toBeNull();
    expect(statusAfterObservation(sim({ status: "suspended", statusReason: "operator" }), failure)?.status).toBe("invalid");
  });

  it("changes nothing when the operator agrees", () => {
    expect(statusAfterObservation(sim({ status: "active", statusReason: "user", hasUsage: true }), report())).toBeNull();
    expect(statusAfterObservation(sim({ status: "activation_ready", statusReason: "operator" }), report({ state: "ready" }))).toBeNull();
    const invalid = sim({ status: "invalid", statusReason: "operator", statusDetail: "The operator reports this SIM as retired" });
    expect(statusAfterObservation(invalid, report({ state: "retired" }))).toBeNull();
  });
});
