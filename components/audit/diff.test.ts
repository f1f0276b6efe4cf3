import { describe, expect, it } from "vitest";
import { auditDiff, HIDDEN } from "./diff";

describe("auditDiff", () => {
  it("lists only the keys whose value changed, whatever the jsonb key order", () => {
    const diff = auditDiff({ status: "active", settings: { a: 1, b: 2 } }, { settings: { b: 2, a: 1 }, status: "pending", operationId: "op-1" });
    expect(diff.lines).toEqual([
      { key: "status", before: '"active"', after: '"pending"' },
      { key: "operationId", before: "—", after: '"op-1"' },
    ]);
  });

  it("hides secret-named values at any depth but shows booleans and that they changed", () => {
    const diff = auditDiff(
      { apiKey: "k-old", settings: { nested: { client_secret: "s1" } }, credentialsChanged: false },
      { apiKey: "k-new", settings: { nested: { client_secret: "s2" } }, credentialsChanged: true, password: 1234 },
    );
    const text = JSON.stringify(diff);
    for (const secret of ["k-old", "k-new", "s1", "s2", "1234"]) expect(text).not.toContain(secret);
    expect(diff.lines.map((l) => l.key)).toEqual(["apiKey", "settings", "credentialsChanged", "password"]);
    expect(diff.lines[0]).toEqual({ key: "apiKey", before: HIDDEN, after: HIDDEN });
    expect(diff.lines[2]).toEqual({ key: "credentialsChanged", before: "false", after: "true" });
  });

  it("shows whole values when they are not objects, shortened to one line", () => {
    expect(auditDiff(null, null).lines).toEqual([]);
    expect(auditDiff("a", "b").lines).toEqual([{ key: "", before: '"a"', after: '"b"' }]);
    const long = auditDiff({ note: "x\n".repeat(100) }, {}).lines[0];
    expect(long?.before.length).toBeLessThanOrEqual(80);
    expect(long?.before).not.toContain("\n");
  });

  it("caps the lines and counts the rest", () => {
    const after = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]));
    const diff = auditDiff({}, after);
    expect(diff.lines).toHaveLength(6);
    expect(diff.more).toBe(3);
  });
});
