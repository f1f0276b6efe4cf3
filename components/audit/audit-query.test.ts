import { describe, expect, it } from "vitest";
import { auditFiltersOf, auditListHref, parseAuditListQuery } from "./audit-query";

describe("parseAuditListQuery", () => {
  it("reads the filters and turns the To day into the next UTC midnight", () => {
    const parsed = parseAuditListQuery({ action: " sim. ", target: "8944", from: "2026-03-01", to: "2026-03-31", actor: "a@b.example" });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const filters = auditFiltersOf(parsed.query);
    expect(filters.action).toBe("sim.");
    expect(filters.from?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(filters.until?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
  });

  it.each([
    [{ from: "2026-02-30" }, "From must be a date"],
    [{ to: "yesterday" }, "To must be a date"],
    [{ from: "2026-03-02", to: "2026-03-01" }, "From must be on or before To"],
    [{ target: "9".repeat(129) }, "Target id is too long"],
    [{ action: "a".repeat(65) }, "Action is too long"],
    [{ actor: "admin" }, "Actor must be a whole e-mail address"],
  ])("refuses %j with a clear message", (params, message) => {
    const parsed = parseAuditListQuery(params);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join(" ")).toContain(message);
  });

  it("treats blank fields as absent and drops the page when the filters change", () => {
    const parsed = parseAuditListQuery({ action: "", type: "sim", after: "abc" });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    expect(auditListHref(parsed.query)).toBe("/admin/audit?type=sim");
    expect(auditListHref(parsed.query, { after: "xyz" })).toBe("/admin/audit?type=sim&after=xyz");
  });
});
