import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, invoices, paymentCustomers, payments } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { setClockForTests } from "@/lib/clock";
import { saveAutoRefill } from "@/lib/payments/auto-refill";
import { removeCard, startCardSetup } from "@/lib/payments/cards";
import { invoiceCardOf, setInvoiceCard } from "@/lib/payments/invoice-card";
import { confirmSandboxCard } from "@/lib/payments/on-session";
import { payInvoiceByCard, refillByCard } from "@/lib/payments/pay";
import { MB, type PaymentWorld, paymentWorld } from "@/lib/payments/test-fixtures";
import { findPayableSim, findPayableSimWithRefills, findPayment, listInvoicePayments, listPayableSims, listPayments, PAYABLE_SIMS_PAGE_SIZE } from "./payments";

// The payments' read side, scope first: who sees which payment, and which SIMs a payer refills.
const T0 = new Date("2026-06-10T12:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const platform: Scope = { kind: "platform" };
const company = (w: PaymentWorld): Scope => ({ kind: "company", companyId: w.companyId });
const user = (w: PaymentWorld): Scope => ({ kind: "end_user", userId: w.endUser.userId });
const key = () => crypto.randomUUID();
const VISA = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123" };

let world: PaymentWorld;
let other: PaymentWorld;
// Payments: the end user's refill, the admin's refill of a SIM without end user, the other company's.
const ids = { userRefill: "", adminRefill: "", otherRefill: "" };
let userSimIccid = "";
let adminSimIccid = "";

async function saveCard(viewer: PaymentWorld["endUser"], card = VISA) {
  setClockForTests(T0);
  const { setupId } = await startCardSetup(viewer);
  const saved = await confirmSandboxCard(viewer, setupId, card, T0);
  setClockForTests(undefined);
  return saved;
}

beforeAll(async () => {
  world = await paymentWorld("Read Co", T0);
  other = await paymentWorld("Other Read Co", T0);
  const userCard = await saveCard(world.endUser);
  const adminCard = await saveCard(world.admin);
  const otherCard = await saveCard(other.endUser);
  const userSim = await world.emptySim();
  const adminSim = await world.emptySim({ endUserId: null });
  const otherSim = await other.emptySim();
  userSimIccid = userSim.iccid;
  adminSimIccid = adminSim.iccid;
  ids.userRefill = (await refillByCard(world.endUser, { iccid: userSim.iccid, packageId: world.packageId, cardId: userCard.id, idempotencyKey: key() }, at(1))).payment.id;
  ids.adminRefill = (await refillByCard(world.admin, { iccid: adminSim.iccid, packageId: world.packageId, cardId: adminCard.id, idempotencyKey: key() }, at(2))).payment.id;
  ids.otherRefill = (await refillByCard(other.endUser, { iccid: otherSim.iccid, packageId: other.packageId, cardId: otherCard.id, idempotencyKey: key() }, at(3))).payment.id;
});

describe("listPayments", () => {
  it("shows an end user their own payments, an admin the company's, staff all, newest first", async () => {
    const seen = async (scope: Scope) => (await listPayments(scope)).rows.map((r) => r.id);
    expect(await seen(user(world))).toEqual([ids.userRefill]);
    expect(await seen(company(world))).toEqual([ids.adminRefill, ids.userRefill]);
    expect(await seen(company(other))).toEqual([ids.otherRefill]);
    expect(await seen(user(other))).toEqual([ids.otherRefill]);
    expect(await seen(platform)).toEqual(expect.arrayContaining([ids.userRefill, ids.adminRefill, ids.otherRefill]));
  });

  it("names the SIM, the package and the card, and pages", async () => {
    const { rows, page, hasNext } = await listPayments(user(world), { page: 1 });
    expect(rows[0]).toMatchObject({ iccid: userSimIccid, purpose: "refill", status: "succeeded", amountMinor: 1500, packageDataBytes: 2000 * MB, card: { brand: "visa", last4: "4242" } });
    expect({ page, hasNext }).toEqual({ page: 1, hasNext: false });
    expect((await listPayments(user(world), { page: 2 })).rows).toEqual([]);
    // A page number that is not one reads as the first page.
    expect((await listPayments(user(world), { page: -3 })).page).toBe(1);
  });
});

describe("findPayment", () => {
  it("finds a payment in scope with its payer, and nothing for another company or person", async () => {
    expect(await findPayment(user(world), ids.userRefill)).toMatchObject({ id: ids.userRefill, iccid: userSimIccid, payer: { userId: world.endUser.userId, companyId: null }, paidByEmail: world.endUser.email });
    expect(await findPayment(company(world), ids.adminRefill)).toMatchObject({ payer: { userId: null, companyId: world.companyId } });
    expect(await findPayment(company(world), ids.userRefill)).not.toBeNull();
    expect(await findPayment(user(world), ids.adminRefill)).toBeNull();
    expect(await findPayment(company(other), ids.userRefill)).toBeNull();
    expect(await findPayment(user(other), ids.userRefill)).toBeNull();
    expect(await findPayment(platform, "not-a-uuid")).toBeNull();
  });
});

describe("listPayableSims", () => {
  it("lists an end user's own live prepaid SIMs and a company's, never another's, a retired one or a subscription SIM", async () => {
    await world.emptySim({ retiredAt: T0 });
    await world.emptySim({ simType: "subscription" });
    const mine = (await listPayableSims(user(world), {}, T0)).sims.map((s) => s.iccid);
    expect(mine).toEqual([userSimIccid]);
    const theCompany = (await listPayableSims(company(world), {}, T0)).sims.map((s) => s.iccid);
    expect(theCompany).toEqual([userSimIccid, adminSimIccid].sort());
    expect((await listPayableSims(platform, {}, T0)).sims).toEqual([]);
    expect(await findPayableSim(user(other), userSimIccid)).toBeNull();
    expect(await findPayableSim(company(world), userSimIccid)).toMatchObject({ currency: "GBP", dataLeftBytes: 2000 * MB });
  });

  it("searches a company's SIMs by digits of the ICCID and pages them", async () => {
    const byDigits = await listPayableSims(company(world), { iccid: adminSimIccid.slice(-6) }, T0);
    expect(byDigits.sims.map((s) => s.iccid)).toEqual([adminSimIccid]);
    expect((await listPayableSims(company(world), { iccid: "89'; drop" }, T0)).sims).toEqual([]);
    const big = await paymentWorld("Fleet Co", T0);
    for (let i = 0; i <= PAYABLE_SIMS_PAGE_SIZE; i += 1) await big.emptySim({ endUserId: null });
    const first = await listPayableSims(company(big), { page: 1 }, T0);
    const second = await listPayableSims(company(big), { page: 2 }, T0);
    expect(first.sims).toHaveLength(PAYABLE_SIMS_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(second.sims).toHaveLength(1);
    expect(second.hasNext).toBe(false);
    expect(first.sims.map((s) => s.iccid)).not.toContain(second.sims[0]?.iccid);
  });

  it("carries the plan's packages, the auto-refill, this month's automatic charges and a payment waiting for the payer", async () => {
    const card = await saveCard(world.endUser);
    const sim = await world.emptySim();
    await saveAutoRefill(world.endUser, { iccid: sim.iccid, enabled: true, thresholdMb: 50, packageId: world.packageId, cardId: card.id, monthlyCapMinor: 4500 }, T0);
    const [customer] = await getDb().select().from(paymentCustomers).where(eq(paymentCustomers.userId, world.endUser.userId));
    if (!customer) throw new Error("customer");
    const [waiting] = await getDb()
      .insert(payments)
      .values({ provider: "sandbox", customerId: customer.id, cardId: card.id, purpose: "refill", trigger: "auto_refill", companyId: world.companyId, userId: world.endUser.userId, simId: sim.id, refillPackageId: world.packageId, packageDataBytes: 2000 * MB, packageValidityDays: 30, amountMinor: 1500, currency: "GBP", idempotencyKey: key(), status: "requires_action", createdAt: T0, updatedAt: T0 })
      .returning();
    const row = await findPayableSimWithRefills(user(world), sim.iccid, T0);
    expect(row).toMatchObject({
      refillPackages: [{ id: world.packageId, dataBytes: 2000 * MB, validityDays: 30, priceMinor: 1500 }],
      autoRefill: { enabled: true, thresholdBytes: 50 * MB, cardId: card.id, monthlyCapMinor: 4500, cardRemoved: false },
      autoRefillMonthMinor: 1500,
      waitingPaymentId: waiting?.id,
    });
    // Next month the cap starts again; another person sees nothing of it.
    expect((await findPayableSimWithRefills(user(world), sim.iccid, new Date("2026-07-01T00:00:00Z")))?.autoRefillMonthMinor).toBe(0);
    expect(await findPayableSimWithRefills(user(other), sim.iccid, T0)).toBeNull();
  });
});

describe("invoice payments and the invoice card", () => {
  it("shows an invoice's payments to its company only, and keeps the card invoices are charged to, audited", async () => {
    const card = await saveCard(world.admin);
    const [invoice] = await getDb()
      .insert(invoices)
      .values({ number: "INV-READ-1", kind: "invoice", companyId: world.companyId, currency: "GBP", periodStart: "2026-05-01", periodEnd: "2026-06-01", timeZone: "UTC", issuedAt: T0, totalMinor: 4200 })
      .returning();
    if (!invoice) throw new Error("invoice");
    await payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: card.id, idempotencyKey: key() }, T0);
    expect((await listInvoicePayments(company(world), invoice.id)).map((p) => p.status)).toEqual(["succeeded"]);
    expect(await listInvoicePayments(company(other), invoice.id)).toEqual([]);
    expect(await listInvoicePayments(user(world), invoice.id)).toEqual([]);

    await setInvoiceCard(world.admin, card.id, T0);
    expect(await invoiceCardOf(world.admin)).toBe(card.id);
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.action, "payment_customer.invoice_card"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ companyId: world.companyId, actorUserId: world.admin.userId });
    // Saving the same card again changes nothing and writes nothing.
    await setInvoiceCard(world.admin, card.id, T0);
    expect(await getDb().select().from(auditLog).where(eq(auditLog.action, "payment_customer.invoice_card"))).toHaveLength(1);

    await expect(setInvoiceCard(other.admin, card.id, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(setInvoiceCard(world.endUser, null, T0)).rejects.toMatchObject({ code: "forbidden" });
    await removeCard(world.admin, card.id, T0);
    expect(await invoiceCardOf(world.admin)).toBeNull();
    await setInvoiceCard(world.admin, null, T0);
    const [customer] = await getDb().select().from(paymentCustomers).where(eq(paymentCustomers.companyId, world.companyId));
    expect(customer?.invoiceCardId).toBeNull();
  });
});
