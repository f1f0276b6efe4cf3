import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, paymentRefunds, payments, walletEntries, wallets } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { startCardSetup } from "./cards";
import { confirmSandboxCard } from "./on-session";
import { refillByCard, topUpWalletByCard } from "./pay";
import { refundPayment } from "./refunds";
import { type PaymentWorld, paymentWorld } from "./test-fixtures";

const T0 = new Date("2026-06-20T12:00:00Z");
const db = () => getDb();
let world: PaymentWorld;

beforeAll(async () => {
  world = await paymentWorld("Refund Co", T0);
});
afterEach(() => setClockForTests(undefined));

const key = () => crypto.randomUUID();

async function companyCard() {
  setClockForTests(T0);
  const { setupId } = await startCardSetup(world.admin);
  return confirmSandboxCard(world.admin, setupId, { number: "4242424242424242", expMonth: 1, expYear: 2031, cvc: "321" }, T0);
}

describe("refunds", () => {
  it("refunds part, then the rest, once per form, never more than was paid, and audits each", async () => {
    const card = await companyCard();
    const sim = await world.emptySim();
    const { payment } = await refillByCard(world.admin, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    const form = { paymentId: payment.id, amountMinor: 500, reason: "Customer asked", idempotencyKey: key() };
    expect(await refundPayment(world.staff, form, T0)).toEqual({ refunded: true });
    expect(await refundPayment(world.staff, form, T0)).toEqual({ refunded: false });
    await expect(refundPayment(world.staff, { ...form, amountMinor: 1001, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await refundPayment(world.staff, { ...form, amountMinor: 1000, idempotencyKey: key() }, T0)).toEqual({ refunded: true });
    await expect(refundPayment(world.staff, { ...form, amountMinor: 1, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    const [after] = await db().select().from(payments).where(eq(payments.id, payment.id));
    expect(after?.refundedMinor).toBe(1500);
    expect(await db().select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment.id))).toHaveLength(2);
    expect((await db().select().from(auditLog).where(eq(auditLog.targetId, payment.id))).map((a) => a.action)).toEqual(["payment.refund", "payment.refund"]);
  });

  it("takes a refunded wallet top-up back out of the wallet", async () => {
    const [wallet] = await db().insert(wallets).values({ companyId: world.companyId, currency: "GBP" }).returning();
    if (!wallet) throw new Error("wallet");
    const card = await companyCard();
    const { payment } = await topUpWalletByCard(world.admin, { walletId: wallet.id, amountMinor: 2000, cardId: card.id, idempotencyKey: key() }, T0);
    await refundPayment(world.staff, { paymentId: payment.id, amountMinor: 750, reason: "Topped up too much", idempotencyKey: key() }, T0);
    const [after] = await db().select().from(wallets).where(eq(wallets.id, wallet.id));
    expect(after?.balanceMicros).toBe(1250 * 1_000_000);
    const entries = await db().select().from(walletEntries).where(eq(walletEntries.walletId, wallet.id)).orderBy(walletEntries.id);
    expect(entries.map((e) => [e.kind, e.amountMicros])).toEqual([
      ["top_up", 2000 * 1_000_000],
      ["adjustment", -750 * 1_000_000],
    ]);
  });

  it("is for staff only, needs a reason, and refuses a payment that did not succeed", async () => {
    const card = await companyCard();
    const sim = await world.emptySim();
    const { payment } = await refillByCard(world.admin, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    const form = { paymentId: payment.id, amountMinor: 100, reason: "Because", idempotencyKey: key() };
    await expect(refundPayment(world.admin, form, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(refundPayment(world.staff, { ...form, reason: "  " }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await db().update(payments).set({ status: "failed" }).where(eq(payments.id, payment.id));
    await expect(refundPayment(world.staff, form, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment.id))).toHaveLength(0);
  });
});
