import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, auditLog, companies, labels, operators, plans, rules, simLabels, simRules, sims, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { assignProductChange } from "./product";
import { changeOneSim, changeSims } from "./sim-change";

const T0 = new Date("2026-03-10T12:00:00Z");
const DAY_MS = 86_400_000;
const GB = 1_000_000_000;
const db = () => getDb();
const platform: Scope = { kind: "platform" };
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const ids = { acme: "", globex: "", opA: "", opB: "", prepaid: "", subscription: "", otherOperatorPlan: "", retired: "", acmeUser: "", looseUser: "" };
let iccidSeq = 0;
const nextIccid = () => `893407000000000${String(1000 + iccidSeq++)}`;

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  const [row] = await db()
    .insert(sims)
    .values({ iccid: nextIccid(), formFactor: "physical", operatorId: ids.opA, status: "active", ...over })
    .returning();
  if (!row) throw new Error("no sim");
  return row;
}
const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const auditOf = (iccid: string) => db().select().from(auditLog).where(eq(auditLog.targetId, iccid)).orderBy(asc(auditLog.id));
const assign = (iccid: string, input: { planId?: string | null; companyId?: string | null }, viewer: Viewer = staff, scope: Scope = platform) =>
  changeOneSim(viewer, scope, iccid, assignProductChange, input, T0);

// The audit log is append-only, so fixtures are made once and every test has SIMs of its own.
beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [opA, opB] = await db()
    .insert(operators)
    .values([
      { name: "Orange Test", countryCode: "ES", currency: "EUR", driver: "simulator" },
      { name: "Vodafone Test", countryCode: "GB", currency: "GBP", driver: "simulator" },
    ])
    .returning();
  if (!a || !g || !opA || !opB) throw new Error("fixtures");
  Object.assign(ids, { acme: a.id, globex: g.id, opA: opA.id, opB: opB.id });
  const prepaidTerms = { type: "prepaid" as const, currency: "EUR", priceMinor: 1500, dataBytes: 5 * GB, validityDays: 30 };
  const [pre, sub, other, retired] = await db()
    .insert(plans)
    .values([
      { operatorId: opA.id, ...prepaidTerms },
      { operatorId: opA.id, type: "subscription", currency: "EUR", monthlyFeeMinor: 900, includedBytes: GB, overagePerMbMicros: 10_000 },
      { operatorId: opB.id, ...prepaidTerms, currency: "GBP" },
      { operatorId: opA.id, ...prepaidTerms, retired: true, customName: "Old 5 GB" },
    ])
    .returning();
  if (!pre || !sub || !other || !retired) throw new Error("plans");
  Object.assign(ids, { prepaid: pre.id, subscription: sub.id, otherOperatorPlan: other.id, retired: retired.id });
  const [s, au, lu] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "una@acme.example", role: "end_user", companyId: a.id },
      { email: "buyer@example.com", role: "end_user" },
    ])
    .returning();
  if (!s || !au || !lu) throw new Error("users");
  staff.userId = s.id;
  Object.assign(ids, { acmeUser: au.id, looseUser: lu.id });
});

describe("assigning a SIM's product", () => {
  it("sets the plan, its SIM type and the company, audits names before and after, and a second time changes nothing", async () => {
    const sim = await addSim();
    expect(await assign(sim.iccid, { planId: ids.subscription, companyId: ids.acme })).toMatchObject({ outcome: "changed" });
    expect(await simRow(sim.id)).toMatchObject({ planId: ids.subscription, simType: "subscription", companyId: ids.acme, dataLeftBytes: null });
    const [entry] = await auditOf(sim.iccid);
    expect(entry).toMatchObject({
      action: "sim.product",
      targetType: "sim",
      actorUserId: staff.userId,
      companyId: ids.acme,
      before: { planId: null, planName: null, companyId: null, companyName: null },
      after: { planId: ids.subscription, planName: "Orange Test Subscription 1 GB · €9.00/mo", companyId: ids.acme, companyName: "Acme" },
    });

    expect(await assign(sim.iccid, { planId: ids.subscription, companyId: ids.acme })).toMatchObject({ outcome: "unchanged" });
    expect(await assign(sim.iccid, { companyId: ids.acme })).toMatchObject({ outcome: "unchanged" });
    expect(await auditOf(sim.iccid)).toHaveLength(1);
  });

  it("removes the plan (and its SIM type) with null and keeps what is left undefined", async () => {
    const sim = await addSim({ planId: ids.subscription, simType: "subscription", companyId: ids.acme });
    await assign(sim.iccid, { planId: null });
    expect(await simRow(sim.id)).toMatchObject({ planId: null, simType: null, companyId: ids.acme });
  });

  it("grants a prepaid plan's package once, however often the plan is assigned again", async () => {
    const sim = await addSim({ companyId: ids.acme });
    await assign(sim.iccid, { planId: ids.prepaid });
    const grants = () => db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id));
    const validUntil = new Date(T0.getTime() + 30 * DAY_MS);
    expect(await grants()).toEqual([expect.objectContaining({ kind: "grant", bytes: 5 * GB, validUntil, sourceKey: `product:${sim.id}:${ids.prepaid}` })]);
    expect(await simRow(sim.id)).toMatchObject({ simType: "prepaid", dataLeftBytes: 5 * GB, validUntil });
    expect((await auditOf(sim.iccid))[0]?.after).toMatchObject({ allowanceGrantedBytes: 5 * GB });

    // Used 1 GB, moved to a subscription (no balance), then back: the package is not given twice.
    await db().insert(allowanceLedger).values({ simId: sim.id, kind: "debit", bytes: GB, sourceKey: `usage:test:${sim.id}`, createdAt: T0 });
    await assign(sim.iccid, { planId: ids.subscription });
    expect(await simRow(sim.id)).toMatchObject({ simType: "subscription", dataLeftBytes: null, validUntil: null });
    await assign(sim.iccid, { planId: ids.prepaid });
    expect(await grants()).toHaveLength(2);
    expect(await simRow(sim.id)).toMatchObject({ simType: "prepaid", dataLeftBytes: 4 * GB, validUntil });
  });

  it("refuses a plan of another operator, naming it, and changes nothing", async () => {
    const sim = await addSim({ companyId: ids.acme });
    await expect(assign(sim.iccid, { planId: ids.otherOperatorPlan, companyId: ids.globex })).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringMatching(/is for Vodafone Test SIMs; this SIM is on Orange Test/),
    });
    expect(await simRow(sim.id)).toMatchObject({ planId: null, companyId: ids.acme });
    expect(await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, sim.id))).toHaveLength(0);
    expect(await auditOf(sim.iccid)).toHaveLength(0);
  });

  it("refuses a retired or unknown plan and an unknown company before touching any SIM", async () => {
    const sim = await addSim();
    await expect(assign(sim.iccid, { planId: ids.retired })).rejects.toMatchObject({ code: "invalid_input", userMessage: expect.stringMatching(/retired/) });
    await expect(assign(sim.iccid, { planId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(assign(sim.iccid, { planId: "'; drop table plans; --" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(assign(sim.iccid, { companyId: "not-a-company" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(assign(sim.iccid, {})).rejects.toMatchObject({ code: "invalid_input" });
    expect(await simRow(sim.id)).toMatchObject({ planId: null, companyId: null });
  });

  it("on a company change, takes off the former company's end user, labels and rules, keeps the platform's, and says so", async () => {
    const sim = await addSim({ companyId: ids.acme, endUserId: ids.acmeUser });
    const [acmeLabel, platformLabel] = await db()
      .insert(labels)
      .values([{ companyId: ids.acme, name: `Fleet ${sim.id}` }, { companyId: null, name: `Spare ${sim.id}` }])
      .returning();
    const [acmeRule] = await db().insert(rules).values({ companyId: ids.acme, name: "Low data", trigger: {}, actions: [] }).returning();
    if (!acmeLabel || !platformLabel || !acmeRule) throw new Error("tags");
    await db().insert(simLabels).values([{ simId: sim.id, labelId: acmeLabel.id }, { simId: sim.id, labelId: platformLabel.id }]);
    await db().insert(simRules).values({ simId: sim.id, ruleId: acmeRule.id });

    await assign(sim.iccid, { companyId: ids.globex });
    expect(await simRow(sim.id)).toMatchObject({ companyId: ids.globex, endUserId: null });
    expect((await db().select().from(simLabels).where(eq(simLabels.simId, sim.id))).map((l) => l.labelId)).toEqual([platformLabel.id]);
    expect(await db().select().from(simRules).where(eq(simRules.simId, sim.id))).toHaveLength(0);
    const [entry] = await auditOf(sim.iccid);
    expect(entry).toMatchObject({
      companyId: ids.globex,
      before: { companyId: ids.acme, companyName: "Acme" },
      after: { companyId: ids.globex, companyName: "Globex", endUserRemoved: true, labelsRemoved: 1, rulesRemoved: 1 },
    });
  });

  it("keeps an end user who belongs to no company when the company changes", async () => {
    const sim = await addSim({ companyId: ids.acme, endUserId: ids.looseUser });
    await assign(sim.iccid, { companyId: ids.globex });
    expect(await simRow(sim.id)).toMatchObject({ companyId: ids.globex, endUserId: ids.looseUser });
  });

  it("is for platform staff only: a company admin or an end user is refused, even on their own SIM", async () => {
    const sim = await addSim({ companyId: ids.acme, endUserId: ids.acmeUser });
    const admin: Viewer = { ...staff, role: "company_admin", companyId: ids.acme };
    await expect(assign(sim.iccid, { planId: ids.prepaid }, admin, { kind: "company", companyId: ids.acme })).rejects.toMatchObject({ code: "forbidden" });
    // A forged company id from another tenant's admin changes nothing either.
    const globexAdmin: Viewer = { ...staff, role: "company_admin", companyId: ids.globex };
    await expect(assign(sim.iccid, { companyId: ids.globex }, globexAdmin, { kind: "company", companyId: ids.globex })).rejects.toMatchObject({ code: "forbidden" });
    const endUser: Viewer = { ...staff, userId: ids.acmeUser, role: "end_user", companyId: ids.acme };
    await expect(assign(sim.iccid, { planId: ids.prepaid }, endUser, { kind: "end_user", userId: ids.acmeUser })).rejects.toMatchObject({ code: "forbidden" });
    expect(await simRow(sim.id)).toMatchObject({ planId: null, companyId: ids.acme, endUserId: ids.acmeUser });
    expect(await auditOf(sim.iccid)).toHaveLength(0);
  });

  it("works on a batch in a few statements with one outcome per SIM, in order", async () => {
    const fresh = await addSim();
    const done = await addSim({ planId: ids.prepaid, simType: "prepaid", companyId: ids.acme });
    const foreign = await addSim({ operatorId: ids.opB });
    const { changes } = await db().transaction((tx) =>
      changeSims({ tx, viewer: staff, scope: platform, at: T0 }, assignProductChange, { ids: [fresh.id, done.id, foreign.id] }, { planId: ids.prepaid, companyId: ids.acme }),
    );
    expect(changes.map((c) => [c.sim.id, c.result.outcome])).toEqual([
      [fresh.id, "changed"],
      [done.id, "unchanged"],
      [foreign.id, "refused"],
    ]);
    expect(await simRow(foreign.id)).toMatchObject({ planId: null, companyId: null });
    const grants = await db().select().from(allowanceLedger).where(and(eq(allowanceLedger.simId, done.id)));
    expect(grants).toHaveLength(0);
  });
});
