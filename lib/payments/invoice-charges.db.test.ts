import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { invoices, paymentCustomers, payments } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { startCardSetup } from "./cards";
import { confirmSandboxCard } from "./on-session";
import { chargeIssuedInvoices } from "./invoice-charges";
import { paymentProvider } from "./registry";
import { type PaymentWorld, paymentWorld } from "./test-fixtures";

const T0 = new Date("2026-07-02T06:00:00Z");
const db = () => getDb();
let n = 0;
afterEach(() => setClockForTests(undefined));

async function companyWithInvoiceCard(name: string, number = "4242424242424242"): Promise<PaymentWorld> {
  const world = await paymentWorld(name, T0);
  setClockForTests(T0);
  const { setupId } = await startCardSetup(world.admin);
  const card = await confirmSandboxCard(world.admin, setupId, { number, expMonth: 3, expYear: 2032, cvc: "123" }, T0);
  await db().update(paymentCustomers).set({ invoiceCardId: card.id }).where(eq(paymentCustomers.id, card.customerId));
  return world;
}

async function invoice(companyId: string, totalMinor = 3000) {
  n += 1;
  // One invoice per company, month and currency: each test invoice has a month of its own.
  const month = `2025-${String(n).padStart(2, "0")}`;
  const [row] = await db()
    .insert(invoices)
    .values({ number: `INV-AUTO-${n}`, kind: "invoice", companyId, currency: "GBP", periodStart: `${month}-01`, periodEnd: `${month}-28`, timeZone: "UTC", issuedAt: T0, totalMinor })
    .returning();
  if (!row) throw new Error("invoice");
  return row;
}

const run = () => chargeIssuedInvoices({ db: db(), now: () => T0, provider: paymentProvider() });
const paymentsOf = (invoiceId: string) => db().select().from(payments).where(eq(payments.invoiceId, invoiceId));

describe("invoices charged to the company card when issued", () => {
  let paying: PaymentWorld;
  let declining: PaymentWorld;
  beforeAll(async () => {
    paying = await companyWithInvoiceCard("Auto Pay Co");
    declining = await companyWithInvoiceCard("Declined Pay Co", "4000000000000002");
  });

  it("charges each new invoice once, off session, however often the job runs", async () => {
    const issued = await invoice(paying.companyId);
    await Promise.all([run(), run()]);
    await run();
    const rows = await paymentsOf(issued.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "succeeded", trigger: "invoice_auto", amountMinor: 3000 });
  });

  it("tries a declined card once and leaves the invoice to be paid by hand", async () => {
    const issued = await invoice(declining.companyId);
    await run();
    await run();
    const rows = await paymentsOf(issued.id);
    expect(rows.map((r) => [r.status, r.declineCode])).toEqual([["failed", "generic_decline"]]);
  });

  it("skips an invoice cancelled by a credit note, or with nothing to pay", async () => {
    const cancelled = await invoice(paying.companyId);
    await db().insert(invoices).values({ number: `CN-AUTO-${n}`, kind: "credit_note", creditsInvoiceId: cancelled.id, reason: "Wrong", companyId: paying.companyId, currency: "GBP", periodStart: "2026-06-01", periodEnd: "2026-07-01", timeZone: "UTC", issuedAt: T0, totalMinor: -3000 });
    const empty = await invoice(paying.companyId, 0);
    await run();
    expect(await paymentsOf(cancelled.id)).toHaveLength(0);
    expect(await paymentsOf(empty.id)).toHaveLength(0);
  });
});
