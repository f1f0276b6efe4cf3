import { describe, expect, it } from "vitest";
import { parsePaymentsQuery, paymentFiltersOf, paymentsPageHref } from "./query";

describe("parsePaymentsQuery", () => {
  it("reads the filters, ignoring blank fields", () => {
    const parsed = parsePaymentsQuery({ status: "failed", purpose: "", trigger: "auto_refill", company: "", q: " 8934070000000010063 ", page: "3" });
    expect(parsed).toEqual({ ok: true, query: { status: "failed", trigger: "auto_refill", q: "8934070000000010063", page: 3 } });
    if (parsed.ok) expect(paymentFiltersOf(parsed.query)).toEqual({ page: 3, status: "failed", purpose: undefined, trigger: "auto_refill", companyId: undefined, q: "8934070000000010063" });
  });

  it("reports each bad parameter instead of dropping it", () => {
    const parsed = parsePaymentsQuery({ status: "paid", company: "acme", page: "0" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toHaveLength(3);
    expect(parsePaymentsQuery({ page: "1.5" }).ok).toBe(false);
    expect(parsePaymentsQuery({ purpose: "invoice; drop table" }).ok).toBe(false);
  });
});

describe("paymentsPageHref", () => {
  it("keeps the filters and names the page only past the first", () => {
    const query = { status: "succeeded" as const, q: "pi_1" };
    expect(paymentsPageHref(query, 2)).toBe("/admin/payments?status=succeeded&q=pi_1&page=2");
    expect(paymentsPageHref(query, 1)).toBe("/admin/payments?status=succeeded&q=pi_1");
    expect(paymentsPageHref({}, 1)).toBe("/admin/payments");
  });
});
