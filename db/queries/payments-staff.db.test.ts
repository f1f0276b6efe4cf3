import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { autoRefills, paymentCards, paymentCustomers, paymentRefunds, payments, wallets } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { MB, paymentWorld, type PaymentWorld } from "@/lib/payments/test-fixtures";
import { STAFF_PAYMENTS_PAGE_SIZE, staffFindPayment, staffListPayments, staffPaymentsNeedingAttention } from "./payments-staff";

const db = () => getDb();
const platform: Scope = { kind: "platform" };
const AT = new Date("2026-06-15T12:00:00Z");
const minutesAgo = (m: number) => new Date(AT.getTime() - m * 60_000);

type World = PaymentWorld & { customerId: string; cardId: string; walletId: string };
let acme: World;
let globex: World;
let n = 0;

async function world(name: string): Promise<World> {
  const w = await paymentWorld(name, AT);
  const [customer] = await db().insert(paymentCustomers).values({ provider: "sandbox", companyId: w.companyId, providerCustomerId: `cus_${name}` }).returning();
  if (!customer) throw new Error("customer");
  const [card] = await db().insert(paymentCards).values({ customerId: customer.id, providerMethodId: `pm_${name}`, brand: "visa", last4: "4242", expMonth: 4, expYear: 2030 }).returning();
  const [wallet] = await db().insert(wallets).values({ companyId: w.companyId, currency: "GBP" }).returning();
  if (!card || !wallet) throw new Error("card");
  return { ...w, customerId: customer.id, cardId: card.id, walletId: wallet.id };
}

type Over = Partial<typeof payments.$inferInsert>;

// A payment as lib/payments stores it: a refill of a fresh SIM unless told otherwise.
async function pay(w: World, over: Over = {}): Promise<typeof payments.$inferSelect> {
  n += 1;
  const createdAt = over.createdAt ?? minutesAgo(10_000 - n);
  const target: Over = over.purpose === "wallet_top_up" ? { walletId: w.walletId } : { simId: over.simId ?? (await w.emptySim()).id, packageDataBytes: 2000 * MB, packageValidityDays: 30 };
  const [row] = await db()
    .insert(payments)
    .values({
      provider: "sandbox",
      customerId: w.customerId,
      cardId: w.cardId,
      purpose: "refill",
      trigger: "manual",
      companyId: w.companyId,
      amountMinor: 1500,
      currency: "GBP",
      idempotencyKey: `test:${n}`,
      providerPaymentId: `pi_test_${n}`,
      status: "succeeded",
      ...target,
      ...over,
      createdAt,
      updatedAt: over.updatedAt ?? createdAt,
    })
    .returning();
  if (!row) throw new Error("payment");
  return row;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("staffListPayments", () => {
  let topUp: typeof payments.$inferSelect;
  let autoFailed: typeof payments.$inferSelect;
  let globexPaid: typeof payments.$inferSelect;
  let iccid = "";

  beforeAll(async () => {
    acme = await world("Acme Staff");
    globex = await world("Globex Staff");
    const sim = await acme.emptySim();
    iccid = sim.iccid;
    topUp = await pay(acme, { purpose: "wallet_top_up" });
    autoFailed = await pay(acme, { simId: sim.id, trigger: "auto_refill", status: "failed", failureCode: "card_declined", declineCode: "insufficient_funds" });
    globexPaid = await pay(globex);
  });

  it("lists every company's payments newest first, with company, SIM and card", async () => {
    const { rows } = await staffListPayments(platform, { page: 1 });
    expect(ids(rows)).toEqual([globexPaid.id, autoFailed.id, topUp.id]);
    expect(rows[1]).toMatchObject({ companyName: "Acme Staff", simIccid: iccid, cardLabel: "Visa •••• 4242 (expires 04/2030)", status: "failed", failureCode: "card_declined", amountMinor: 1500 });
    expect(rows[2]).toMatchObject({ purpose: "wallet_top_up", simIccid: null });
  });

  it("filters by status, purpose, trigger and company", async () => {
    expect(ids((await staffListPayments(platform, { page: 1, status: "failed" })).rows)).toEqual([autoFailed.id]);
    expect(ids((await staffListPayments(platform, { page: 1, purpose: "wallet_top_up" })).rows)).toEqual([topUp.id]);
    expect(ids((await staffListPayments(platform, { page: 1, trigger: "auto_refill" })).rows)).toEqual([autoFailed.id]);
    expect(ids((await staffListPayments(platform, { page: 1, companyId: globex.companyId })).rows)).toEqual([globexPaid.id]);
    expect(ids((await staffListPayments(platform, { page: 1, companyId: acme.companyId, status: "succeeded" })).rows)).toEqual([topUp.id]);
    expect((await staffListPayments(platform, { page: 1, companyId: "not-a-uuid" })).rows).toEqual([]);
  });

  it("searches by ICCID, payment id or provider payment id, exactly", async () => {
    expect(ids((await staffListPayments(platform, { page: 1, q: ` ${iccid} ` })).rows)).toEqual([autoFailed.id]);
    expect(ids((await staffListPayments(platform, { page: 1, q: topUp.id.toUpperCase() })).rows)).toEqual([topUp.id]);
    expect(ids((await staffListPayments(platform, { page: 1, q: globexPaid.providerPaymentId ?? "" })).rows)).toEqual([globexPaid.id]);
    expect((await staffListPayments(platform, { page: 1, q: iccid.slice(0, 10) })).rows).toEqual([]);
  });

  it("refuses any scope but the platform's", async () => {
    await expect(staffListPayments({ kind: "company", companyId: acme.companyId }, { page: 1 })).rejects.toMatchObject({ code: "forbidden" });
    await expect(staffFindPayment({ kind: "end_user", userId: acme.endUser.userId }, topUp.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(staffPaymentsNeedingAttention({ kind: "company", companyId: acme.companyId }, AT)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("staffListPayments paging", () => {
  it("pages by 50, newest first, without repeating or skipping a payment", async () => {
    const w = await world("Paged Staff");
    const sim = await w.emptySim();
    const all: string[] = [];
    // Two payments at the same instant: the id breaks the tie, the same way on every page.
    const same = minutesAgo(5);
    for (let i = 0; i < STAFF_PAYMENTS_PAGE_SIZE + 3; i += 1) all.push((await pay(w, { simId: sim.id, createdAt: i < 2 ? same : minutesAgo(100 + i) })).id);
    const first = await staffListPayments(platform, { page: 1, companyId: w.companyId });
    const second = await staffListPayments(platform, { page: 2, companyId: w.companyId });
    expect(first.rows).toHaveLength(STAFF_PAYMENTS_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const seen = [...ids(first.rows), ...ids(second.rows)];
    expect(new Set(seen).size).toBe(all.length);
    expect(seen.slice(2)).toEqual(all.slice(2));
    expect([...seen.slice(0, 2)].sort()).toEqual([...all.slice(0, 2)].sort());
    expect(seen.slice(0, 2)).toEqual([...seen.slice(0, 2)].sort().reverse());
    expect((await staffListPayments(platform, { page: 0, companyId: w.companyId })).page).toBe(1);
  });
});

describe("staffFindPayment", () => {
  it("returns the payment with its refunds in order and what is left to refund", async () => {
    const w = await world("Detail Staff");
    const payment = await pay(w, { purpose: "wallet_top_up", amountMinor: 5000, refundedMinor: 1000, createdBy: w.admin.userId, userId: null });
    const refund = (amountMinor: number, status: string, minutes: number) => ({
      paymentId: payment.id,
      amountMinor,
      reason: `refund ${amountMinor}`,
      status,
      idempotencyKey: `refund:${payment.id}:${amountMinor}`,
      createdBy: w.staff.userId,
      createdAt: minutesAgo(minutes),
      updatedAt: minutesAgo(minutes),
    });
    await db().insert(paymentRefunds).values([refund(700, "failed", 3), refund(1000, "succeeded", 5), refund(500, "pending", 1)]);
    const found = await staffFindPayment(platform, payment.id);
    expect(found).toMatchObject({ companyName: "Detail Staff", createdByEmail: w.admin.email, userEmail: null, walletCurrency: "GBP", providerCustomerId: "cus_Detail Staff", cardLabel: "Visa •••• 4242 (expires 04/2030)" });
    expect(found?.payment.id).toBe(payment.id);
    expect(found?.refunds.map((r) => [r.amountMinor, r.status, r.createdByEmail])).toEqual([
      [1000, "succeeded", w.staff.email],
      [700, "failed", w.staff.email],
      [500, "pending", w.staff.email],
    ]);
    // 5000 - 1000 succeeded - 500 pending; the failed one gave its amount back.
    expect(found?.refundableMinor).toBe(3500);
  });

  it("offers no refund of a payment that did not succeed, and finds nothing for an unknown id", async () => {
    const w = await world("Failed Detail");
    const failed = await pay(w, { status: "failed" });
    expect((await staffFindPayment(platform, failed.id))?.refundableMinor).toBe(0);
    expect(await staffFindPayment(platform, "nope")).toBeNull();
    expect(await staffFindPayment(platform, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("staffPaymentsNeedingAttention", () => {
  it("lists enabled auto-refills paused by a failed charge, with the SIM's last failed automatic charge", async () => {
    const w = await world("Paused Staff");
    const paused = await w.emptySim();
    const off = await w.emptySim();
    const quiet = await w.emptySim();
    await pay(w, { simId: paused.id, trigger: "auto_refill", status: "failed", failureCode: "card_declined", declineCode: "insufficient_funds", createdAt: minutesAgo(300) });
    const last = await pay(w, { simId: paused.id, trigger: "auto_refill", status: "failed", failureCode: "card_declined", declineCode: "stolen_card", failureMessage: "Your card was declined.", createdAt: minutesAgo(200) });
    // A manual payment failing later is not why the auto-refill paused.
    await pay(w, { simId: paused.id, trigger: "manual", status: "failed", failureCode: "expired_card", createdAt: minutesAgo(100) });
    const settings = { packageId: w.packageId, cardId: w.cardId, thresholdBytes: 100 * MB, monthlyCapMinor: 5000, consentText: "I agree", consentAt: AT, consentBy: w.endUser.userId, updatedAt: AT };
    await db()
      .insert(autoRefills)
      .values([
        { ...settings, simId: paused.id, enabled: true, pausedAt: minutesAgo(200), pauseReason: "card_declined: stolen_card" },
        { ...settings, simId: off.id, enabled: false, pausedAt: minutesAgo(50), pauseReason: "card_removed" },
        { ...settings, simId: quiet.id, enabled: true },
      ]);
    const mine = (await staffPaymentsNeedingAttention(platform, AT)).paused.filter((p) => p.companyId === w.companyId);
    expect(mine).toEqual([
      {
        simId: paused.id,
        simIccid: paused.iccid,
        companyId: w.companyId,
        companyName: "Paused Staff",
        pausedAt: minutesAgo(200),
        pauseReason: "card_declined: stolen_card",
        lastFailure: { paymentId: last.id, failureCode: "card_declined", declineCode: "stolen_card", failureMessage: "Your card was declined." },
      },
    ]);
  });

  it("lists payments paid but not credited until refunded in full", async () => {
    const w = await world("Uncredited Staff");
    const whole = await pay(w, { creditError: "The SIM is no longer a live prepaid SIM.", createdAt: minutesAgo(30) });
    const partly = await pay(w, { creditError: "The SIM is no longer a live prepaid SIM.", refundedMinor: 500, createdAt: minutesAgo(20) });
    await pay(w, { creditError: "The SIM is no longer a live prepaid SIM.", refundedMinor: 1500 });
    await pay(w, { creditedAt: AT });
    const mine = (await staffPaymentsNeedingAttention(platform, AT)).uncredited.filter((p) => p.companyId === w.companyId);
    expect(ids(mine)).toEqual([partly.id, whole.id]);
  });

  it("lists payments reconciliation gave up on, and pending or processing ones older than an hour", async () => {
    const w = await world("Stuck Staff");
    const abandoned = await pay(w, { status: "canceled", providerPaymentId: null, failureMessage: "Never confirmed by the payment service within a day.", createdAt: minutesAgo(2000) });
    const oldPending = await pay(w, { status: "pending", providerPaymentId: null, createdAt: minutesAgo(61), updatedAt: minutesAgo(1) });
    const oldProcessing = await pay(w, { status: "processing", createdAt: minutesAgo(90) });
    await pay(w, { status: "pending", providerPaymentId: null, createdAt: minutesAgo(59) });
    await pay(w, { status: "processing", createdAt: minutesAgo(30) });
    // Waiting for the customer to authenticate, or canceled at the provider: nothing for staff.
    await pay(w, { status: "requires_action", createdAt: minutesAgo(500) });
    await pay(w, { status: "canceled", failureMessage: "Canceled.", createdAt: minutesAgo(500) });
    const attention = await staffPaymentsNeedingAttention(platform, AT);
    expect(ids(attention.unsettled.filter((p) => p.companyId === w.companyId))).toEqual([oldPending.id, oldProcessing.id, abandoned.id]);
    expect(attention.total).toBe(attention.paused.length + attention.uncredited.length + attention.unsettled.length);
  });
});
