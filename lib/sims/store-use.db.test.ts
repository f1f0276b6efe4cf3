import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operators, plans, sims, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { assignProductChange, storeUseChange } from "./product";
import { changeOneSim } from "./sim-change";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const platform: Scope = { kind: "platform" };
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const ids = { acme: "", integrated: "", unintegrated: "", endUser: "", plan: "" };
let seq = 0;
const nextIccid = () => `893407000000000${String(2000 + seq++)}`;

async function addSim(over: Partial<typeof sims.$inferInsert> = {}) {
  const [row] = await db()
    .insert(sims)
    .values({ iccid: nextIccid(), formFactor: "esim", operatorId: ids.integrated, status: "activation_ready", ...over })
    .returning();
  if (!row) throw new Error("no sim");
  return row;
}
const storeUseOf = async (id: number) => (await db().select({ storeUse: sims.storeUse }).from(sims).where(eq(sims.id, id)))[0]?.storeUse;
const mark = (iccid: string, storeUse: boolean, viewer: Viewer = staff, scope: Scope = platform) => changeOneSim(viewer, scope, iccid, storeUseChange, storeUse, T0);

beforeAll(async () => {
  const [a] = await db().insert(companies).values({ name: "Acme" }).returning();
  const [on, off] = await db()
    .insert(operators)
    .values([
      { name: "Integrated", countryCode: "ES", currency: "EUR", driver: "simulator" },
      { name: "Manual", countryCode: "ES", currency: "EUR", driver: "none" },
    ])
    .returning();
  const [s, u] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "buyer@example.com", role: "end_user" },
    ])
    .returning();
  if (!a || !on || !off || !s || !u) throw new Error("fixtures");
  const [plan] = await db().insert(plans).values({ operatorId: on.id, type: "paygo", currency: "EUR", defaultPerMbMicros: 10_000 }).returning();
  staff.userId = s.id;
  Object.assign(ids, { acme: a.id, integrated: on.id, unintegrated: off.id, endUser: u.id, plan: plan?.id ?? "" });
});

describe("keeping an eSIM for the store", () => {
  it("marks a working eSIM nobody has, audits it, and a second time changes nothing", async () => {
    const sim = await addSim();
    expect(await mark(sim.iccid, true)).toMatchObject({ outcome: "changed" });
    expect(await storeUseOf(sim.id)).toBe(true);
    expect(await mark(sim.iccid, true)).toMatchObject({ outcome: "unchanged" });
    const entries = await db().select().from(auditLog).where(eq(auditLog.targetId, sim.iccid)).orderBy(asc(auditLog.id));
    expect(entries).toEqual([expect.objectContaining({ action: "sim.store_use", companyId: null, before: { storeUse: false }, after: { storeUse: true } })]);
  });

  it("refuses, with the reason, a physical SIM, a missing or failed integration, a company's SIM and one with an end user", async () => {
    const cases: [Partial<typeof sims.$inferInsert>, RegExp][] = [
      [{ formFactor: "physical" }, /Only an eSIM/],
      [{ operatorId: ids.unintegrated, status: "not_available" }, /no integration/],
      [{ status: "invalid" }, /integration does not work \(Invalid\)/],
      [{ status: "blank" }, /integration does not work \(Blank\)/],
      [{ companyId: ids.acme }, /belongs to a company/],
      [{ endUserId: ids.endUser }, /has an end user/],
    ];
    for (const [over, reason] of cases) {
      const sim = await addSim(over);
      await expect(mark(sim.iccid, true)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(reason) });
      expect(await storeUseOf(sim.id)).toBe(false);
    }
  });

  it("keeps a store eSIM from being given to a company, but lets it have a plan", async () => {
    const sim = await addSim({ storeUse: true });
    await expect(changeOneSim(staff, platform, sim.iccid, assignProductChange, { planId: ids.plan, companyId: ids.acme }, T0)).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringMatching(/kept for the store/),
    });
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]).toMatchObject({ planId: null, companyId: null });
    await changeOneSim(staff, platform, sim.iccid, assignProductChange, { planId: ids.plan }, T0);
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]).toMatchObject({ planId: ids.plan, storeUse: true });
  });

  it("takes an unsold eSIM out of the store, but not one sold to an end user", async () => {
    const unsold = await addSim({ storeUse: true });
    expect(await mark(unsold.iccid, false)).toMatchObject({ outcome: "changed" });
    expect(await storeUseOf(unsold.id)).toBe(false);
    const sold = await addSim({ storeUse: true, endUserId: ids.endUser });
    await expect(mark(sold.iccid, false)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/sold in the store/) });
    expect(await storeUseOf(sold.id)).toBe(true);
  });

  it("is for platform staff only", async () => {
    const sim = await addSim();
    const admin: Viewer = { ...staff, role: "company_admin", companyId: ids.acme };
    await expect(mark(sim.iccid, true, admin, { kind: "company", companyId: ids.acme })).rejects.toMatchObject({ code: "forbidden" });
    const endUser: Viewer = { ...staff, userId: ids.endUser, role: "end_user" };
    await expect(mark(sim.iccid, true, endUser, { kind: "end_user", userId: ids.endUser })).rejects.toMatchObject({ code: "forbidden" });
    expect(await storeUseOf(sim.id)).toBe(false);
  });
});
