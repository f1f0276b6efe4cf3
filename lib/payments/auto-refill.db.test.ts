import { and, asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, autoRefills, paymentCards, planRefillPackages, plans } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { autoRefillConsent, type AutoRefillInput, saveAutoRefill } from "./auto-refill";
import { setPaymentProviderForTests } from "./registry";
import { saveFakeCard } from "./testing/fake-cards";
import { createFakeProvider } from "./testing/fake-provider";
import { MB, type PaymentWorld, paymentWorld } from "./test-fixtures";

// Auto-refill settings: who may set them for which SIM, with which package and card, and the
// consent they record.

const T0 = new Date("2026-06-10T12:00:00Z");
const db = () => getDb();
const fake = createFakeProvider();
let world: PaymentWorld;
let other: PaymentWorld;
let userCard = "";
let companyCard = "";
let otherUserCard = "";
let otherPlanPack = "";

beforeAll(async () => {
  setPaymentProviderForTests(fake);
  world = await paymentWorld("Settings Co", T0);
  other = await paymentWorld("Other Settings Co", T0);
  userCard = (await saveFakeCard(db(), fake, { kind: "user", userId: world.endUser.userId })).id;
  companyCard = (await saveFakeCard(db(), fake, { kind: "company", companyId: world.companyId }, undefined, "1111")).id;
  otherUserCard = (await saveFakeCard(db(), fake, { kind: "user", userId: other.endUser.userId })).id;
  const [plan] = await db().insert(plans).values({ operatorId: world.operatorId, type: "prepaid", currency: "GBP", priceMinor: 500, dataBytes: 500 * MB, validityDays: 10 }).returning();
  const [pack] = plan ? await db().insert(planRefillPackages).values({ planId: plan.id, dataBytes: 900 * MB, validityDays: 9, priceMinor: 900 }).returning() : [];
  otherPlanPack = pack?.id ?? "";
});
afterAll(() => setPaymentProviderForTests(undefined));
afterEach(() => setClockForTests(undefined));

const input = (iccid: string, over: Partial<AutoRefillInput> = {}): AutoRefillInput => ({
  iccid,
  enabled: true,
  thresholdMb: 100,
  packageId: world.packageId,
  cardId: userCard,
  monthlyCapMinor: 5_000,
  ...over,
});
const rowOf = async (simId: number) => (await db().select().from(autoRefills).where(eq(autoRefills.simId, simId)))[0];
const auditOf = (iccid: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "sim.auto_refill"), eq(auditLog.targetId, iccid)))
    .orderBy(asc(auditLog.id));

describe("saveAutoRefill", () => {
  it("turns auto-refill on with the consent as shown, audited as the payer's", async () => {
    const sim = await world.emptySim();
    await saveAutoRefill(world.endUser, input(sim.iccid, { thresholdMb: 250 }), T0);
    const row = await rowOf(sim.id);
    const consent = autoRefillConsent("2,000 MB for 30 days (£15.00)", "Visa •••• 4242 (expires 12/2030)", "£50.00");
    expect(row).toMatchObject({
      enabled: true,
      thresholdBytes: 250 * MB,
      packageId: world.packageId,
      cardId: userCard,
      monthlyCapMinor: 5_000,
      consentText: consent,
      consentAt: T0,
      consentBy: world.endUser.userId,
      crossing: 0,
      armed: true,
      pausedAt: null,
    });
    expect(consent).toContain("Visa •••• 4242");
    expect(consent).toContain("£50.00");
    const [audit, ...more] = await auditOf(sim.iccid);
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({ actorKind: "user", actorUserId: world.endUser.userId, companyId: world.companyId, before: null });
    expect(audit?.after).toMatchObject({ enabled: true, thresholdBytes: 250 * MB, consentText: consent });
  });

  it("turns it off keeping the row and its crossing; saving again re-arms, lifts a pause and records the consent again", async () => {
    const sim = await world.emptySim();
    await saveAutoRefill(world.endUser, input(sim.iccid), T0);
    await db().update(autoRefills).set({ crossing: 4, armed: false, pausedAt: T0, pauseReason: "card_declined: lost_card" }).where(eq(autoRefills.simId, sim.id));
    const t1 = new Date(T0.getTime() + 60_000);
    await saveAutoRefill(world.endUser, input(sim.iccid, { enabled: false }), t1);
    expect(await rowOf(sim.id)).toMatchObject({ enabled: false, crossing: 4, consentAt: T0, thresholdBytes: 100 * MB });
    const t2 = new Date(T0.getTime() + 120_000);
    await saveAutoRefill(world.endUser, input(sim.iccid, { thresholdMb: 300 }), t2);
    expect(await rowOf(sim.id)).toMatchObject({ enabled: true, crossing: 4, armed: true, pausedAt: null, pauseReason: null, consentAt: t2, thresholdBytes: 300 * MB });
    expect((await auditOf(sim.iccid)).map((a) => (a.after as { enabled: boolean }).enabled)).toEqual([true, false, true]);
  });

  it("lets a company admin set it for a company SIM with the company's card", async () => {
    const sim = await world.emptySim({ endUserId: null });
    await saveAutoRefill(world.admin, input(sim.iccid, { cardId: companyCard }), T0);
    expect(await rowOf(sim.id)).toMatchObject({ cardId: companyCard, consentBy: world.admin.userId });
  });

  it("refuses, writing nothing, another company's SIM, another payer's card, a package of another plan and bad amounts", async () => {
    const mine = await world.emptySim();
    const theirs = await other.emptySim();
    const subscription = await world.emptySim({ simType: "subscription" });
    const retired = await world.emptySim({ retiredAt: T0 });
    const cases: [PaymentWorld["endUser"], AutoRefillInput, string, RegExp][] = [
      [world.endUser, input(theirs.iccid), "not_found", /not yours/],
      [world.admin, input(theirs.iccid, { cardId: companyCard }), "not_found", /not yours/],
      [world.endUser, input(retired.iccid), "not_found", /not yours/],
      [world.endUser, input(subscription.iccid), "invalid_input", /prepaid/],
      [world.staff, input(mine.iccid), "forbidden", /staff/i],
      [world.endUser, input(mine.iccid, { cardId: otherUserCard }), "invalid_input", /saved cards/],
      [world.endUser, input(mine.iccid, { cardId: companyCard }), "invalid_input", /saved cards/],
      [world.admin, input(mine.iccid, { cardId: userCard }), "invalid_input", /saved cards/],
      [world.endUser, input(mine.iccid, { cardId: "not-a-uuid" }), "invalid_input", /saved cards/],
      [world.endUser, input(mine.iccid, { packageId: otherPlanPack }), "invalid_input", /refill packages/],
      [world.endUser, input(mine.iccid, { packageId: other.packageId }), "invalid_input", /refill packages/],
      [world.endUser, input(mine.iccid, { monthlyCapMinor: 1_499 }), "invalid_input", /at least the package's price, £15\.00/],
      [world.endUser, input(mine.iccid, { monthlyCapMinor: 2.5 }), "invalid_input", /monthly limit/],
      [world.endUser, input(mine.iccid, { thresholdMb: 0 }), "invalid_input", /threshold between 1 and 100,000 MB/],
      [world.endUser, input(mine.iccid, { thresholdMb: 100_001 }), "invalid_input", /threshold/],
      [world.endUser, input(mine.iccid, { thresholdMb: 1.5 }), "invalid_input", /whole MB/],
    ];
    for (const [viewer, bad, code, message] of cases) {
      await expect(saveAutoRefill(viewer, bad, T0), JSON.stringify(bad)).rejects.toMatchObject({ code, userMessage: expect.stringMatching(message) });
    }
    for (const sim of [mine, theirs, subscription, retired]) {
      expect(await rowOf(sim.id)).toBeUndefined();
      expect(await auditOf(sim.iccid)).toEqual([]);
    }
  });

  it("refuses a removed card", async () => {
    const sim = await world.emptySim();
    const removed = await saveFakeCard(db(), fake, { kind: "user", userId: world.endUser.userId }, undefined, "0002");
    await db().update(paymentCards).set({ removedAt: T0 }).where(eq(paymentCards.id, removed.id));
    await expect(saveAutoRefill(world.endUser, input(sim.iccid, { cardId: removed.id }), T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await rowOf(sim.id)).toBeUndefined();
  });
});

