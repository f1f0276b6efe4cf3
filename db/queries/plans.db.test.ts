import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, operators, plans, sims } from "@/db/schema";
import { listCompanyOptions, listPlanOptions, listPlans, planOptionsForOperator } from "./plans";

const db = () => getDb();
const ids = { orange: "", vodafone: "", prepaid: "", renamed: "", retired: "", paygo: "" };

beforeAll(async () => {
  const [orange, vodafone] = await db()
    .insert(operators)
    .values([
      { name: "Orange Test", countryCode: "ES", currency: "EUR" },
      { name: "Vodafone Test", countryCode: "GB", currency: "GBP" },
    ])
    .returning();
  if (!orange || !vodafone) throw new Error("operators");
  const prepaid = { type: "prepaid" as const, currency: "EUR", priceMinor: 1500, dataBytes: 5_000_000_000, validityDays: 30 };
  const [p, r, old, paygo] = await db()
    .insert(plans)
    .values([
      { operatorId: orange.id, ...prepaid },
      { operatorId: orange.id, ...prepaid, priceMinor: 2000, customName: "Traveller" },
      { operatorId: orange.id, ...prepaid, retired: true },
      { operatorId: vodafone.id, type: "paygo", currency: "GBP", defaultPerMbMicros: 10_000 },
    ])
    .returning();
  if (!p || !r || !old || !paygo) throw new Error("plans");
  Object.assign(ids, { orange: orange.id, vodafone: vodafone.id, prepaid: p.id, renamed: r.id, retired: old.id, paygo: paygo.id });
  await db().insert(companies).values([{ name: "Globex" }, { name: "Acme" }]);
  await db()
    .insert(sims)
    .values([
      { iccid: "8934070000000003001", formFactor: "physical", operatorId: orange.id, status: "active", planId: p.id, simType: "prepaid" },
      { iccid: "8934070000000003002", formFactor: "physical", operatorId: orange.id, status: "active", planId: p.id, simType: "prepaid" },
      // A SIM retired by a swap no longer counts as one on the plan.
      { iccid: "8934070000000003003", formFactor: "physical", operatorId: orange.id, status: "active", planId: p.id, retiredAt: new Date() },
    ]);
});

describe("plan and company options", () => {
  it("offers a SIM only its operator's plans that are not retired, by name", async () => {
    expect(await planOptionsForOperator(ids.orange)).toEqual([
      { id: ids.prepaid, operatorId: ids.orange, operatorName: "Orange Test", name: "Orange Test Prepaid 5 GB / 30 days · €15.00" },
      { id: ids.renamed, operatorId: ids.orange, operatorName: "Orange Test", name: "Traveller" },
    ]);
  });

  it("lists every operator's assignable plans and every company", async () => {
    expect((await listPlanOptions()).map((p) => p.id)).toEqual([ids.prepaid, ids.renamed, ids.paygo]);
    expect((await listCompanyOptions()).map((c) => c.name)).toEqual(["Acme", "Globex"]);
  });
});

describe("the staff plans list", () => {
  it("shows each plan's generated and custom names, version, retirement and live SIMs", async () => {
    const rows = await listPlans({ role: "staff" });
    const renamed = rows.find((r) => r.id === ids.renamed);
    expect(renamed).toMatchObject({ customName: "Traveller", name: "Traveller", generatedName: "Orange Test Prepaid 5 GB / 30 days · €20.00", simCount: 0 });
    expect(rows.find((r) => r.id === ids.prepaid)).toMatchObject({ simCount: 2, retired: false, version: 1 });
    expect(rows.find((r) => r.id === ids.retired)).toMatchObject({ retired: true });
    expect(rows).toHaveLength(4);
  });

  it("is refused to company admins and end users", async () => {
    await expect(listPlans({ role: "company_admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listPlans({ role: "end_user" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
