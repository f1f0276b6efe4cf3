import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, labels, operators, rules, simLabels, simRules, sims } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { luhnCheckDigit } from "@/lib/sims/luhn";
import { findSimDetail } from "./sim-detail";
import { countSimsByStatus, listSims } from "./sims-list";

const body = "894410000000000001";
const ICCID = body + luhnCheckDigit(body);
let globex: Scope;
let acmeLabel: string;

// A SIM that moves from Acme to Globex keeps its links until something removes them; Globex
// must not learn Acme's label and rule names (or find the SIM by Acme's label) meanwhile.
beforeAll(async () => {
  const db = getDb();
  const [op] = await db.insert(operators).values({ name: "Op", countryCode: "GB", currency: "GBP", driver: "simulator" }).returning();
  const [acme, glx] = await db.insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  if (!op || !acme || !glx) throw new Error("fixture");
  const [sim] = await db.insert(sims).values({ iccid: ICCID, formFactor: "physical", operatorId: op.id, status: "active", companyId: acme.id }).returning();
  const [secret, shared] = await db.insert(labels).values([{ name: "Acme secret", companyId: acme.id }, { name: "Spare" }]).returning();
  const [rule] = await db.insert(rules).values({ name: "Acme rule", companyId: acme.id, trigger: {}, actions: [] }).returning();
  if (!sim || !secret || !shared || !rule) throw new Error("fixture");
  await db.insert(simLabels).values([{ simId: sim.id, labelId: secret.id }, { simId: sim.id, labelId: shared.id }]);
  await db.insert(simRules).values({ simId: sim.id, ruleId: rule.id });
  await db.update(sims).set({ companyId: glx.id }).where(eq(sims.id, sim.id));
  globex = { kind: "company", companyId: glx.id };
  acmeLabel = secret.id;
});

describe("labels and rules of a former company", () => {
  it("are not shown to the SIM's new company", async () => {
    const page = await listSims(globex, {}, new Date());
    expect(page.rows[0]?.labels.map((l) => l.name)).toEqual(["Spare"]);
    expect(page.rows[0]?.rules).toEqual([]);
    const detail = await findSimDetail(globex, ICCID);
    expect(detail?.labels.map((l) => l.name)).toEqual(["Spare"]);
    expect(detail?.rules).toEqual([]);
  });

  it("do not find or count the SIM", async () => {
    expect((await listSims(globex, { label: acmeLabel }, new Date())).rows).toEqual([]);
    expect(await countSimsByStatus(globex, { label: acmeLabel })).toEqual({});
    expect(await countSimsByStatus({ kind: "platform" }, { label: acmeLabel })).toEqual({});
  });
});
