import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, auditLog, companies, operators, planRefillPackages, plans, sims, users } from "@/db/schema";
import { scopeOf } from "@/lib/auth/load-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { changeOneSim } from "@/lib/sims/sim-change";
import { grantRefillChange } from "./refill-grant";

const T0 = new Date("2026-05-10T12:00:00Z");
const DAY = 86_400_000;
const MB = 1_000_000;
const db = () => getDb();
const staff: Viewer = { userId: "", email: "staff@refill.example", name: null, role: "staff", companyId: null, companyName: null };
const admin: Viewer = { userId: "", email: "admin@refill.example", name: null, role: "company_admin", companyId: null, companyName: "Refill Co" };
const KEY = "4b0f6c1e-8d2a-4c7e-9f3b-2a1d5e6f7a80";

let operatorId = "";
let companyId = "";
let prepaidPlan = "";
let pack = "";
let otherPack = "";
let subscriptionPlan = "";
let n = 0;

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Refill Co" }).returning();
  // driver none: a lifted suspension is applied in the portal, so the test needs no operator run.
  const [op] = await db().insert(operators).values({ name: "Refill Op", countryCode: "GB", currency: "GBP", driver: "none" }).returning();
  if (!company || !op) throw new Error("fixtures");
  companyId = company.id;
  operatorId = op.id;
  admin.companyId = companyId;
  const [s, a] = await db()
    .insert(users)
    .values([
      { email: staff.email, role: "staff" },
      { email: admin.email, role: "company_admin", companyId },
    ])
    .returning();
  staff.userId = s?.id ?? "";
  admin.userId = a?.id ?? "";
  const [prepaid, other, subscription] = await db()
    .insert(plans)
    .values([
      { operatorId, type: "prepaid", currency: "GBP", priceMinor: 1000, dataBytes: 1000 * MB, validityDays: 30 },
      { operatorId, type: "prepaid", currency: "GBP", priceMinor: 500, dataBytes: 500 * MB, validityDays: 10 },
      { operatorId, type: "subscription", currency: "GBP", monthlyFeeMinor: 500, includedBytes: 100 * MB, overagePerMbMicros: 1_000_000 },
    ])
    .returning();
  if (!prepaid || !other || !subscription) throw new Error("plans");
  prepaidPlan = prepaid.id;
  subscriptionPlan = subscription.id;
  const [p, q] = await db()
    .insert(planRefillPackages)
    .values([
      { planId: prepaid.id, dataBytes: 2000 * MB, validityDays: 30, priceMinor: 1500 },
      { planId: other.id, dataBytes: 9000 * MB, validityDays: 90, priceMinor: 4000 },
    ])
    .returning();
  pack = p?.id ?? "";
  otherPack = q?.id ?? "";
});

// A prepaid SIM that used up its 1,000 MB and was suspended by the system for it.
async function emptySim(over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const [sim] = await db()
    .insert(sims)
    .values({
      iccid: `894400000000000${String(7000 + n)}`,
      formFactor: "physical",
      operatorId,
      companyId,
      planId: prepaidPlan,
      simType: "prepaid",
      status: "suspended",
      statusReason: "no_data",
      statusDetail: "No data left; suspended in the portal",
      msisdn: `4470000${String(3000 + n)}`,
      dataLeftBytes: 0,
      validUntil: new Date(T0.getTime() + 10 * DAY),
      lastUsageAt: T0,
      ...over,
    })
    .returning();
  if (!sim) throw new Error("sim");
  await db()
    .insert(allowanceLedger)
    .values([
      { simId: sim.id, kind: "grant", bytes: 1000 * MB, validUntil: new Date(T0.getTime() + 10 * DAY), sourceKey: `seed-grant:${sim.id}`, createdAt: T0 },
      { simId: sim.id, kind: "debit", bytes: 1000 * MB, sourceKey: `seed-debit:${sim.id}`, createdAt: T0 },
    ]);
  return sim;
}

const grant = (viewer: Viewer, iccid: string, input: Partial<{ packageId: string; note: string; idempotencyKey: string }> = {}) =>
  changeOneSim(viewer, scopeOf(viewer), iccid, grantRefillChange, { packageId: pack, note: "Goodwill after the outage", idempotencyKey: KEY, ...input }, T0);

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const refillAudit = (iccid: string) => db().select().from(auditLog).where(and(eq(auditLog.action, "sim.refill"), eq(auditLog.targetId, iccid))).orderBy(asc(auditLog.id));

describe("a staff refill without payment", () => {
  it("adds the package, extends validity from its current end, lifts the no-data suspension and is audited; the same form again changes nothing", async () => {
    const sim = await emptySim();
    expect((await grant(staff, sim.iccid)).outcome).toBe("changed");
    const after = await simRow(sim.id);
    // 0 + 2,000 MB; valid until T0 + 10 days + 30 days.
    expect(after).toMatchObject({ dataLeftBytes: 2000 * MB, validUntil: new Date(T0.getTime() + 40 * DAY), status: "active", statusReason: "system" });
    const audit = await refillAudit(sim.iccid);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: staff.userId, companyId });
    expect(audit[0]?.after).toMatchObject({ dataLeftBytes: 2000 * MB, packageBytes: 2000 * MB, packageDays: 30, resumed: true, note: "Goodwill after the outage" });

    expect((await grant(staff, sim.iccid)).outcome).toBe("unchanged");
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(2000 * MB);
    expect(await refillAudit(sim.iccid)).toHaveLength(1);
  });

  it("refuses a company admin, a package of another plan, a SIM not on a prepaid plan and bad input, writing nothing", async () => {
    const sim = await emptySim();
    const subscription = await emptySim({ planId: subscriptionPlan, simType: "subscription", status: "active", statusReason: "operator" });
    await expect(grant(admin, sim.iccid)).rejects.toMatchObject({ code: "forbidden" });
    await expect(grant(staff, sim.iccid, { packageId: otherPack })).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/not one of the SIM's plan/) });
    await expect(grant(staff, subscription.iccid)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/prepaid plan/) });
    await expect(grant(staff, sim.iccid, { note: " x " })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(grant(staff, sim.iccid, { idempotencyKey: "again" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(grant(staff, sim.iccid, { packageId: "not-a-uuid" })).rejects.toMatchObject({ code: "invalid_input" });
    for (const id of [sim.id, subscription.id]) {
      const ledger = await db().select().from(allowanceLedger).where(eq(allowanceLedger.simId, id));
      expect(ledger.map((e) => e.sourceKey).sort()).toEqual([`seed-debit:${id}`, `seed-grant:${id}`]);
    }
    expect(await simRow(sim.id)).toMatchObject({ status: "suspended", dataLeftBytes: 0 });
    expect(await refillAudit(sim.iccid)).toHaveLength(0);
  });
});
