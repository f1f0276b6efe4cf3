import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { planOptionsForOperator } from "@/db/queries/plans";
import { findSimDetail } from "@/db/queries/sim-detail";
import { auditLog, companies, operators, planCountryRates, planRefillPackages, plans, sims, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { findPlanDetail } from "./plan-detail";
import type { PlanTermsValues } from "./plan-input";
import { createPlan, setPlanRetired, updatePlanTerms } from "./plans";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
let admin: Viewer = { ...staff, role: "company_admin" };
let operatorId = "";
let acme = "";
const platform = { kind: "platform" as const };

const NONE = { priceMinor: null, dataBytes: null, validityDays: null, monthlyFeeMinor: null, includedBytes: null, overagePerMbMicros: null, defaultPerMbMicros: null };
const prepaid = (over: Partial<PlanTermsValues> = {}): PlanTermsValues => ({
  ...NONE,
  type: "prepaid",
  currency: "EUR",
  priceMinor: 1500,
  dataBytes: 5_000_000_000,
  validityDays: 30,
  refillPackages: [{ dataBytes: 1_000_000_000, validityDays: 30, priceMinor: 500 }],
  countryRates: [],
  ...over,
});
const paygo = (over: Partial<PlanTermsValues> = {}): PlanTermsValues => ({
  ...NONE,
  type: "paygo",
  currency: "EUR",
  defaultPerMbMicros: 2_000_000,
  refillPackages: [],
  countryRates: [{ countryCode: "ES", perMbMicros: 10_000 }],
  ...over,
});

beforeAll(async () => {
  const [op] = await db().insert(operators).values({ name: "Plans Op", countryCode: "GB", currency: "GBP" }).returning();
  const [company] = await db().insert(companies).values({ name: "Acme Plans" }).returning();
  if (!op || !company) throw new Error("fixtures");
  operatorId = op.id;
  acme = company.id;
  const [s, a] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
    ])
    .returning();
  if (!s || !a) throw new Error("users");
  staff.userId = s.id;
  admin = { userId: a.id, email: a.email, name: null, role: "company_admin", companyId: acme, companyName: "Acme Plans" };
});

const planRow = async (id: string) => (await db().select().from(plans).where(eq(plans.id, id)))[0];
const packagesOf = (id: string) => db().select().from(planRefillPackages).where(eq(planRefillPackages.planId, id));
const ratesOf = (id: string) => db().select().from(planCountryRates).where(eq(planCountryRates.planId, id));
const auditOf = (id: string) =>
  db().select().from(auditLog).where(and(eq(auditLog.targetType, "plan"), eq(auditLog.targetId, id))).orderBy(asc(auditLog.id));
const versionsAfter = (id: string) => db().select().from(plans).where(eq(plans.previousVersionId, id));

async function simOn(iccid: string, planId: string) {
  await db()
    .insert(sims)
    .values({ iccid, formFactor: "physical", operatorId, status: "active", statusReason: "operator", companyId: acme, planId, simType: "prepaid" });
}

describe("creating a plan", () => {
  it("writes the plan, its refill packages and an audit entry; the currency defaults to the operator's", async () => {
    const { currency: _currency, ...withoutCurrency } = prepaid();
    const { planId } = await createPlan(staff, { operatorId, terms: withoutCurrency }, T0);
    expect(await planRow(planId)).toMatchObject({ type: "prepaid", currency: "GBP", version: 1, retired: false, priceMinor: 1500, dataBytes: 5_000_000_000, validityDays: 30 });
    expect(await packagesOf(planId)).toEqual([expect.objectContaining({ dataBytes: 1_000_000_000, validityDays: 30, priceMinor: 500 })]);
    expect(await auditOf(planId)).toEqual([expect.objectContaining({ action: "plan.create", actorUserId: staff.userId, companyId: null })]);
  });

  it("writes PAYGO country rates in micros", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: paygo() }, T0);
    expect(await planRow(planId)).toMatchObject({ currency: "EUR", defaultPerMbMicros: 2_000_000 });
    expect(await ratesOf(planId)).toEqual([expect.objectContaining({ countryCode: "ES", perMbMicros: 10_000 })]);
  });

  it("refuses a company admin, an unknown operator, an unsupported currency and broken terms, writing nothing", async () => {
    const before = (await db().select().from(plans)).length;
    await expect(createPlan(admin, { operatorId, terms: prepaid() }, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createPlan(staff, { operatorId: "00000000-0000-4000-8000-000000000000", terms: prepaid() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createPlan(staff, { operatorId, terms: prepaid({ currency: "USD" }) }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createPlan(staff, { operatorId, terms: prepaid({ priceMinor: -1 }) }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createPlan(staff, { operatorId, terms: prepaid({ validityDays: null }) }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createPlan(staff, { operatorId, terms: paygo({ countryRates: [{ countryCode: "ES", perMbMicros: 1 }, { countryCode: "ES", perMbMicros: 2 }] }) }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().select().from(plans)).toHaveLength(before);
  });
});

describe("changing a plan nobody uses", () => {
  it("edits it in place, replacing its packages, with before and after in the audit", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid() }, T0);
    const next = prepaid({ priceMinor: 1200, refillPackages: [{ dataBytes: 2_000_000_000, validityDays: 15, priceMinor: 800 }] });
    expect(await updatePlanTerms(staff, planId, next, T0)).toEqual({ outcome: "updated", planId, version: 1 });
    expect(await planRow(planId)).toMatchObject({ priceMinor: 1200, version: 1, retired: false });
    expect(await packagesOf(planId)).toEqual([expect.objectContaining({ dataBytes: 2_000_000_000, validityDays: 15, priceMinor: 800 })]);
    const update = (await auditOf(planId)).find((e) => e.action === "plan.update");
    expect(update).toMatchObject({ before: { terms: { priceMinor: 1500 } }, after: { terms: { priceMinor: 1200 } } });
    expect(await versionsAfter(planId)).toHaveLength(0);
  });

  it("does nothing when the terms are the same, packages in any order", async () => {
    const two = [
      { dataBytes: 1_000_000_000, validityDays: 30, priceMinor: 500 },
      { dataBytes: 3_000_000_000, validityDays: 30, priceMinor: 1200 },
    ];
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ refillPackages: two }) }, T0);
    expect(await updatePlanTerms(staff, planId, prepaid({ refillPackages: [...two].reverse() }), T0)).toMatchObject({ outcome: "unchanged" });
    expect((await auditOf(planId)).map((e) => e.action)).toEqual(["plan.create"]);
  });

  it("refuses another type or currency", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid() }, T0);
    await expect(updatePlanTerms(staff, planId, paygo(), T0)).rejects.toMatchObject({ code: "invalid_input", userMessage: expect.stringMatching(/keeps its type and currency/) });
    await expect(updatePlanTerms(staff, planId, prepaid({ currency: "GBP" }), T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await planRow(planId)).toMatchObject({ type: "prepaid", currency: "EUR" });
  });
});

describe("changing a plan SIMs are on", () => {
  it("makes version 2, retires version 1, and the SIM keeps the terms it was sold", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: paygo() }, T0);
    await db().update(plans).set({ customName: "Roamer" }).where(eq(plans.id, planId));
    await simOn("8944000000000000011", planId);

    const next = paygo({ defaultPerMbMicros: 1_500_000, countryRates: [{ countryCode: "FR", perMbMicros: 5 }] });
    const result = await updatePlanTerms(staff, planId, next, T0);
    expect(result).toMatchObject({ outcome: "versioned", version: 2 });
    expect(await planRow(result.planId)).toMatchObject({ version: 2, previousVersionId: planId, customName: "Roamer", currency: "EUR", retired: false, defaultPerMbMicros: 1_500_000 });
    expect(await ratesOf(result.planId)).toEqual([expect.objectContaining({ countryCode: "FR", perMbMicros: 5 })]);
    expect(await planRow(planId)).toMatchObject({ retired: true, defaultPerMbMicros: 2_000_000 });
    expect(await ratesOf(planId)).toEqual([expect.objectContaining({ countryCode: "ES", perMbMicros: 10_000 })]);

    const page = await findPlanDetail(staff, planId);
    expect(page).toMatchObject({ version: 1, retired: true, simCount: 1, newestVersionId: result.planId, name: "Roamer" });
    expect(page?.versions.map((v) => [v.version, v.retired, v.simCount])).toEqual([
      [1, true, 1],
      [2, false, 0],
    ]);
    await expect(findPlanDetail(admin, planId)).rejects.toMatchObject({ code: "forbidden" });

    const sim = await findSimDetail(platform, "8944000000000000011");
    expect(sim?.plan).toMatchObject({ id: planId, version: 1, retired: true, defaultPerMbMicros: 2_000_000, countryRates: [{ countryCode: "ES", perMbMicros: 10_000 }] });

    expect(await auditOf(result.planId)).toEqual([
      expect.objectContaining({
        action: "plan.version",
        before: expect.objectContaining({ planId, version: 1, simCount: 1, terms: expect.objectContaining({ defaultPerMbMicros: 2_000_000 }) }),
        after: expect.objectContaining({ planId: result.planId, version: 2, terms: expect.objectContaining({ defaultPerMbMicros: 1_500_000 }) }),
      }),
    ]);
  });

  it("offers only the newest version for new assignments", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ priceMinor: 4242 }) }, T0);
    await simOn("8944000000000000012", planId);
    const { planId: v2 } = await updatePlanTerms(staff, planId, prepaid({ priceMinor: 4343 }), T0);
    const offered = (await planOptionsForOperator(operatorId)).map((o) => o.id);
    expect(offered).toContain(v2);
    expect(offered).not.toContain(planId);
  });

  it("refuses a second edit of the old version, so two edits never make two new versions", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ priceMinor: 7000 }) }, T0);
    await simOn("8944000000000000013", planId);
    await updatePlanTerms(staff, planId, prepaid({ priceMinor: 7100 }), T0);
    await expect(updatePlanTerms(staff, planId, prepaid({ priceMinor: 7200 }), T0)).rejects.toMatchObject({
      code: "conflict",
      userMessage: "This is version 1, replaced by version 2: edit the newest version.",
    });
    expect(await versionsAfter(planId)).toHaveLength(1);
  });

  it("lets one of two concurrent edits version the plan", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ priceMinor: 8000 }) }, T0);
    await simOn("8944000000000000014", planId);
    const results = await Promise.allSettled([updatePlanTerms(staff, planId, prepaid({ priceMinor: 8100 }), T0), updatePlanTerms(staff, planId, prepaid({ priceMinor: 8200 }), T0)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await versionsAfter(planId)).toHaveLength(1);
  });

  it("refuses a company admin even with the plan's id, and changes nothing", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ priceMinor: 9000 }) }, T0);
    await simOn("8944000000000000015", planId);
    await expect(updatePlanTerms(admin, planId, prepaid({ priceMinor: 1 }), T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(setPlanRetired(admin, planId, true, T0)).rejects.toMatchObject({ code: "forbidden" });
    expect(await planRow(planId)).toMatchObject({ priceMinor: 9000, retired: false });
    expect(await versionsAfter(planId)).toHaveLength(0);
    expect((await auditOf(planId)).map((e) => e.action)).toEqual(["plan.create"]);
  });
});

describe("retiring a plan", () => {
  it("takes it off sale and back, audited; a replaced version cannot come back", async () => {
    const { planId } = await createPlan(staff, { operatorId, terms: prepaid({ priceMinor: 9500 }) }, T0);
    expect(await setPlanRetired(staff, planId, true, T0)).toEqual({ changed: true });
    expect((await planOptionsForOperator(operatorId)).map((o) => o.id)).not.toContain(planId);
    expect(await setPlanRetired(staff, planId, true, T0)).toEqual({ changed: false });
    await expect(updatePlanTerms(staff, planId, prepaid({ priceMinor: 1 }), T0)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/put it back on sale/) });
    expect(await setPlanRetired(staff, planId, false, T0)).toEqual({ changed: true });
    expect((await auditOf(planId)).map((e) => [e.action, e.after])).toEqual([
      ["plan.create", expect.anything()],
      ["plan.retire", { retired: true }],
      ["plan.unretire", { retired: false }],
    ]);

    await simOn("8944000000000000016", planId);
    await updatePlanTerms(staff, planId, prepaid({ priceMinor: 9600 }), T0);
    await expect(setPlanRetired(staff, planId, false, T0)).rejects.toMatchObject({ code: "conflict" });
    expect(await planRow(planId)).toMatchObject({ retired: true });
  });
});
