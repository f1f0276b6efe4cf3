import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, invoices, payments, paymentSandboxObjects, sims, walletEntries, wallets } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { listCards, removeCard, startCardSetup } from "./cards";
import { authenticateInSandbox, confirmSandboxCard } from "./on-session";
import { payInvoiceByCard, refillByCard, topUpWalletByCard } from "./pay";
import { DAY, MB, type PaymentWorld, paymentWorld } from "./test-fixtures";

// Card payments on the page, through the sandbox provider (the default without Stripe keys).
const T0 = new Date("2026-06-10T12:00:00Z");
const db = () => getDb();
let world: PaymentWorld;
let other: PaymentWorld;

beforeAll(async () => {
  world = await paymentWorld("Pay Co", T0);
  other = await paymentWorld("Other Pay Co", T0);
});
afterEach(() => setClockForTests(undefined));

const key = () => crypto.randomUUID();
const VISA = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123" };

async function saveCard(viewer: PaymentWorld["endUser"], card = VISA) {
  setClockForTests(T0);
  const { setupId } = await startCardSetup(viewer);
  return confirmSandboxCard(viewer, setupId, card, T0);
}

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const paymentsOf = (simId: number) => db().select().from(payments).where(eq(payments.simId, simId)).orderBy(asc(payments.createdAt));

describe("refill by card", () => {
  it("adds data and days the moment the payment succeeds, resumes the SIM the system suspended for no data, and is audited as the payer's", async () => {
    const card = await saveCard(world.endUser);
    const sim = await world.emptySim();
    const { payment, credited } = await refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    expect(credited).toBe(true);
    expect(payment).toMatchObject({ status: "succeeded", amountMinor: 1500, currency: "GBP", purpose: "refill", trigger: "manual", createdBy: world.endUser.userId });
    expect(payment.creditedAt).toEqual(T0);
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 2000 * MB, validUntil: new Date(T0.getTime() + 40 * DAY), status: "active" });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "sim.refill_card"), eq(auditLog.targetId, sim.iccid)));
    expect(audit).toMatchObject({ actorKind: "user", actorUserId: world.endUser.userId });
  });

  it("pays once when the same form is submitted twice, even at once", async () => {
    const card = await saveCard(world.endUser);
    const sim = await world.emptySim();
    const input = { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() };
    await Promise.all([refillByCard(world.endUser, input, T0), refillByCard(world.endUser, input, T0).catch(() => null)]);
    await refillByCard(world.endUser, input, T0);
    const [payment, ...more] = await paymentsOf(sim.id);
    expect(more).toHaveLength(0);
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(2000 * MB);
    // One charge at the provider too.
    const intents = await db().select().from(paymentSandboxObjects).where(eq(paymentSandboxObjects.kind, "payment_intent"));
    expect(intents.filter((i) => (i.data as { portalPaymentId: string }).portalPaymentId === payment?.id)).toHaveLength(1);
  });

  it("refuses a used form changed since (another card): the first payment is not passed off as this one", async () => {
    const visa = await saveCard(world.endUser);
    const other = await saveCard(world.endUser, { ...VISA, number: "5555 5555 5555 4444" });
    const sim = await world.emptySim();
    const idempotencyKey = key();
    await refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: visa.id, idempotencyKey }, T0);
    await expect(refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: other.id, idempotencyKey }, T0)).rejects.toMatchObject({ code: "conflict" });
    expect(await paymentsOf(sim.id)).toHaveLength(1);
  });

  it("refuses a second payment for a SIM while an earlier one still waits for the payment service", async () => {
    const card = await saveCard(world.endUser);
    const sim = await world.emptySim();
    const { payment } = await refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    // As if its answer had been lost.
    await db().update(payments).set({ status: "pending" }).where(eq(payments.id, payment.id));
    await expect(refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "conflict" });
    expect(await paymentsOf(sim.id)).toHaveLength(1);
  });

  it("credits nothing when the card is declined, and says why", async () => {
    const card = await saveCard(world.endUser, { ...VISA, number: "4000 0000 0000 9995" });
    const sim = await world.emptySim();
    const { payment, credited } = await refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    expect(credited).toBe(false);
    expect(payment).toMatchObject({ status: "failed", failureCode: "card_declined", declineCode: "insufficient_funds", creditedAt: null });
    expect(await simRow(sim.id)).toMatchObject({ dataLeftBytes: 0, status: "suspended" });
  });

  it("waits for the customer when the bank asks for authentication, and credits once it is completed", async () => {
    const card = await saveCard(world.endUser, { ...VISA, number: "4000 0027 6000 3184" });
    const sim = await world.emptySim();
    const { payment } = await refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: card.id, idempotencyKey: key() }, T0);
    expect(payment.status).toBe("requires_action");
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(0);
    const done = await authenticateInSandbox(world.endUser, payment.id, "succeed", T0);
    expect(done).toMatchObject({ credited: true, payment: { status: "succeeded" } });
    expect((await simRow(sim.id))?.dataLeftBytes).toBe(2000 * MB);
  });

  it("refuses another person's SIM, another payer's card and another plan's package, writing nothing", async () => {
    const mine = await saveCard(world.endUser);
    const theirs = await saveCard(other.endUser);
    const sim = await world.emptySim();
    const foreign = await other.emptySim();
    const attempts = [
      refillByCard(world.endUser, { iccid: foreign.iccid, packageId: other.packageId, cardId: mine.id, idempotencyKey: key() }, T0),
      refillByCard(world.endUser, { iccid: sim.iccid, packageId: world.packageId, cardId: theirs.id, idempotencyKey: key() }, T0),
      refillByCard(world.endUser, { iccid: sim.iccid, packageId: other.packageId, cardId: mine.id, idempotencyKey: key() }, T0),
      refillByCard(world.staff, { iccid: sim.iccid, packageId: world.packageId, cardId: mine.id, idempotencyKey: key() }, T0),
    ];
    const errors = await Promise.all(attempts.map((a) => a.then(() => null, (e: unknown) => e)));
    expect(errors.map((e) => (e instanceof AppError ? e.code : String(e)))).toEqual(["not_found", "invalid_input", "invalid_input", "not_found"]);
    expect(await paymentsOf(sim.id)).toHaveLength(0);
    expect(await paymentsOf(foreign.id)).toHaveLength(0);
  });

  it("lets a company admin refill the company's SIM with the company's card, not with an end user's", async () => {
    const companyCard = await saveCard(world.admin);
    const userCard = await saveCard(world.endUser);
    const sim = await world.emptySim();
    await expect(refillByCard(world.admin, { iccid: sim.iccid, packageId: world.packageId, cardId: userCard.id, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    const { credited } = await refillByCard(world.admin, { iccid: sim.iccid, packageId: world.packageId, cardId: companyCard.id, idempotencyKey: key() }, T0);
    expect(credited).toBe(true);
  });
});

describe("saved cards", () => {
  it("refuses to put a card on another payer's card form", async () => {
    setClockForTests(T0);
    const { setupId } = await startCardSetup(other.endUser);
    await expect(confirmSandboxCard(world.endUser, setupId, VISA, T0)).rejects.toMatchObject({ code: "not_found" });
    const [setup] = await db().select().from(paymentSandboxObjects).where(eq(paymentSandboxObjects.id, setupId));
    expect((setup?.data as { status: string }).status).toBe("requires_payment_method");
  });

  it("keeps only brand, last four and expiry; a removed card cannot be charged", async () => {
    const card = await saveCard(other.admin, { ...VISA, number: "5555 5555 5555 4444" });
    expect(card).toMatchObject({ brand: "mastercard", last4: "4444", expMonth: 12, expYear: 2030 });
    expect((await listCards(other.admin)).map((c) => c.id)).toContain(card.id);
    await removeCard(other.admin, card.id, T0);
    expect((await listCards(other.admin)).map((c) => c.id)).not.toContain(card.id);
    const sim = await other.emptySim();
    await expect(refillByCard(other.admin, { iccid: sim.iccid, packageId: other.packageId, cardId: card.id, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("wallet top-up by card", () => {
  it("adds the amount to the wallet once and resumes the PAYGO SIMs it held", async () => {
    const [wallet] = await db().insert(wallets).values({ companyId: world.companyId, currency: "GBP", minimumBalanceMinor: 0, balanceMicros: -2_000_000_000 }).returning();
    if (!wallet) throw new Error("wallet");
    const card = await saveCard(world.admin);
    const input = { walletId: wallet.id, amountMinor: 5000, cardId: card.id, idempotencyKey: key() };
    await topUpWalletByCard(world.admin, input, T0);
    await topUpWalletByCard(world.admin, input, T0);
    const [after] = await db().select().from(wallets).where(eq(wallets.id, wallet.id));
    expect(after?.balanceMicros).toBe(3_000_000_000);
    expect(await db().select().from(walletEntries).where(eq(walletEntries.walletId, wallet.id))).toHaveLength(1);
    await expect(topUpWalletByCard(world.endUser, { ...input, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(topUpWalletByCard(other.admin, { ...input, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(topUpWalletByCard(world.admin, { ...input, amountMinor: 1, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("invoice payment by card", () => {
  it("pays an invoice once; a second payment is refused while the first holds", async () => {
    const [invoice] = await db()
      .insert(invoices)
      .values({ number: "INV-PAY-1", kind: "invoice", companyId: world.companyId, currency: "GBP", periodStart: "2026-05-01", periodEnd: "2026-06-01", timeZone: "UTC", issuedAt: T0, totalMinor: 4200 })
      .returning();
    if (!invoice) throw new Error("invoice");
    const card = await saveCard(world.admin);
    const { payment } = await payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: card.id, idempotencyKey: key() }, T0);
    expect(payment).toMatchObject({ status: "succeeded", amountMinor: 4200, invoiceId: invoice.id });
    await expect(payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: card.id, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "conflict" });
    await expect(payInvoiceByCard(other.admin, { invoiceId: invoice.id, cardId: card.id, idempotencyKey: key() }, T0)).rejects.toMatchObject({ code: "not_found" });
  });
});
