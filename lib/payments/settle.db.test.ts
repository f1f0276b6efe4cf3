import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, invoices, paymentCustomers, payments } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { startCardSetup } from "./cards";
import { chargeIssuedInvoices } from "./invoice-charges";
import { confirmOnSession, confirmSandboxCard } from "./on-session";
import { payInvoiceByCard, refillByCard } from "./pay";
import type { ProviderPayment } from "./provider";
import { reconcilePayments } from "./reconcile";
import { paymentProvider } from "./registry";
import { settlePayment } from "./settle";
import { type PaymentWorld, paymentWorld } from "./test-fixtures";

// Settlement edge cases: the provider's late word against what the portal decided meanwhile.
const T0 = new Date("2026-08-03T08:00:00Z");
const HOUR = 3_600_000;
const db = () => getDb();
let world: PaymentWorld;
afterEach(() => setClockForTests(undefined));

beforeAll(async () => {
  world = await paymentWorld("Settle Co", T0);
});

async function card(number: string) {
  setClockForTests(T0);
  const { setupId } = await startCardSetup(world.admin);
  return confirmSandboxCard(world.admin, setupId, { number, expMonth: 5, expYear: 2031, cvc: "123" }, T0);
}

const row = async (id: string) => (await db().select().from(payments).where(eq(payments.id, id)))[0];
const succeeded = (payment: { providerPaymentId: string | null; amountMinor: number; currency: string; id: string }): ProviderPayment => ({
  id: payment.providerPaymentId ?? "pi_late",
  status: "succeeded",
  amountMinor: payment.amountMinor,
  currency: payment.currency,
  customerId: null,
  paymentMethodId: null,
  clientSecret: null,
  failure: null,
  portalPaymentId: payment.id,
});

describe("an invoice and its attempts", () => {
  it("refuses to confirm an old attempt once the invoice is paid, and flags for refund one that went through anyway", async () => {
    const [invoice] = await db()
      .insert(invoices)
      .values({ number: "INV-SETTLE-1", kind: "invoice", companyId: world.companyId, currency: "GBP", periodStart: "2026-07-01", periodEnd: "2026-08-01", timeZone: "UTC", issuedAt: T0, totalMinor: 2500 })
      .returning();
    if (!invoice) throw new Error("invoice");
    // Charged when issued to a card whose bank always asks for the customer: fails off session.
    const strict = await card("4000 0027 6000 3184");
    await db().update(paymentCustomers).set({ invoiceCardId: strict.id }).where(eq(paymentCustomers.id, strict.customerId));
    await chargeIssuedInvoices({ db: db(), now: () => T0, provider: paymentProvider() });
    const [old] = await db().select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(old).toMatchObject({ status: "failed", failureCode: "authentication_required" });
    if (!old) throw new Error("old attempt");
    // Paid by hand with another card.
    const visa = await card("4242 4242 4242 4242");
    await payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: visa.id, idempotencyKey: crypto.randomUUID() }, T0);
    await expect(confirmOnSession(world.admin, old.id, T0)).rejects.toMatchObject({ code: "conflict" });
    // The bank let the old attempt through after all (completed elsewhere): recorded, not lost.
    const late = await settlePayment(db(), old.id, succeeded(old), T0);
    expect(late.payment).toMatchObject({ status: "succeeded", creditError: expect.stringMatching(/already paid/) });
  });
});

describe("what the portal closed, the provider may still settle", () => {
  it("credits a payment canceled as never confirmed when the provider says it succeeded", async () => {
    const visa = await card("4242 4242 4242 4242");
    const sim = await world.emptySim();
    const { payment } = await refillByCard(world.admin, { iccid: sim.iccid, packageId: world.packageId, cardId: visa.id, idempotencyKey: crypto.randomUUID() }, T0);
    // As if the answer had been lost and reconciliation had given up on it.
    await db().update(payments).set({ status: "canceled", creditedAt: null }).where(eq(payments.id, payment.id));
    await db().delete(allowanceLedger).where(eq(allowanceLedger.sourceKey, `refill:payment:${payment.id}`));
    const settled = await settlePayment(db(), payment.id, succeeded(payment), T0);
    expect(settled).toMatchObject({ credited: true, payment: { status: "succeeded" } });
  });

  it("cancels a payment left waiting for the customer's bank for a day, freeing its invoice", async () => {
    const [invoice] = await db()
      .insert(invoices)
      .values({ number: "INV-SETTLE-2", kind: "invoice", companyId: world.companyId, currency: "GBP", periodStart: "2026-06-01", periodEnd: "2026-07-01", timeZone: "UTC", issuedAt: T0, totalMinor: 900 })
      .returning();
    if (!invoice) throw new Error("invoice");
    const strict = await card("4000 0027 6000 3184");
    const { payment } = await payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: strict.id, idempotencyKey: crypto.randomUUID() }, T0);
    expect(payment.status).toBe("requires_action");
    await reconcilePayments({ db: db(), now: () => new Date(T0.getTime() + 2 * HOUR) });
    expect((await row(payment.id))?.status).toBe("requires_action");
    await reconcilePayments({ db: db(), now: () => new Date(T0.getTime() + 25 * HOUR) });
    expect(await row(payment.id)).toMatchObject({ status: "canceled", failureCode: "authentication_abandoned" });
    const visa = await card("4242 4242 4242 4242");
    const { payment: paid } = await payInvoiceByCard(world.admin, { invoiceId: invoice.id, cardId: visa.id, idempotencyKey: crypto.randomUUID() }, T0);
    expect(paid.status).toBe("succeeded");
  });
});
