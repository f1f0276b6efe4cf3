import { describe, expect, it } from "vitest";
import { describeView } from "./view-description";

const names = { operators: [{ id: "o1", name: "Simnet" }], companies: [], labels: [{ id: "l1", name: "Fleet A" }] };

describe("describeView", () => {
  it("names every filter of the view with its display name", () => {
    expect(describeView({ status: "active", operator: "o1", label: "l1", q: "8934" }, names)).toBe(
      "All SIMs where Status: Active · Operator: Simnet · Label: Fleet A · Search: “8934”",
    );
  });
  it("says all SIMs for an unfiltered view", () => {
    expect(describeView({ sort: "status" }, names)).toBe("All SIMs");
  });
});
