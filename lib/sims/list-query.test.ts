import { describe, expect, it } from "vitest";
import { parseSimListQuery, simListHref } from "./list-query";

const OP = "0b7f5c1e-3c3a-4d7e-9f43-2a1d6c7b8e90";

describe("SIMs list URL", () => {
  it("parses a whole view from the URL", () => {
    const parsed = parseSimListQuery({ status: "active", type: "prepaid", operator: OP, session: "na", q: " 8988 ", sort: "data_left", dir: "desc", size: "100" });
    expect(parsed).toEqual({
      ok: true,
      query: { status: "active", type: "prepaid", operator: OP, session: "na", q: "8988", sort: "data_left", dir: "desc", size: 100 },
    });
  });

  it("treats empty parameters (from a submitted form) as absent", () => {
    expect(parseSimListQuery({ status: "", q: "  ", operator: "" })).toEqual({ ok: true, query: {} });
  });

  it("reports each bad parameter instead of ignoring it", () => {
    const parsed = parseSimListQuery({ status: "sleeping", size: "7", operator: "1; drop table sims" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.split(":")[0])).toEqual(["status", "operator", "size"]);
  });

  it("writes a view back to a URL that parses to the same view", () => {
    const query = { status: "suspended", label: OP, q: "truck 14", sort: "days_left", dir: "asc", size: 25 } as const;
    const href = simListHref(query);
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseSimListQuery(params)).toEqual({ ok: true, query });
  });

  it("goes back to the first page when the view changes, not when paging", () => {
    const query = { status: "active", after: "abc" } as const;
    expect(simListHref(query, { status: "blank" })).toBe("/sims?status=blank");
    expect(simListHref(query, { after: "def" })).toBe("/sims?status=active&after=def");
  });
});
