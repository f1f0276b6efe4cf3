import { eq, or } from "drizzle-orm";
import type { Db } from "@/db";
import { isUuid } from "@/lib/uuid";
import { paymentCustomers, paymentEvents, payments } from "@/db/schema";
import { saveSetupCard } from "./cards";
import { isHandledStripeEvent } from "./stripe/webhook";
import type { PaymentProvider, ProviderEvent } from "./provider";
import { afterSettle, settleInTx } from "./settle";

// Acting on a verified provider event (the Stripe webhook). The object is fetched again from the
// provider rather than read from the event, so events may arrive in any order and late ones never
// undo newer state. The event id is recorded in the transaction that acts on it: a redelivery
// (even five at once: they wait on the id's unique index) finds it and does nothing, and a failed
// attempt leaves no mark, so the provider's retry acts.

export type EventOutcome = "handled" | "duplicate" | "ignored";

export async function handleProviderEvent(db: Db, provider: PaymentProvider, event: ProviderEvent, at: Date): Promise<EventOutcome> {
  if (!isHandledStripeEvent(event.type)) return "ignored";
  const [seen] = await db.select({ id: paymentEvents.eventId }).from(paymentEvents).where(eq(paymentEvents.eventId, event.id));
  if (seen) return "duplicate";
  if (event.type === "setup_intent.succeeded") return recordSetup(db, provider, event, at);
  const current = await provider.retrievePayment(event.objectId);
  const outcome = await db.transaction(async (tx) => {
    if (!(await claim(tx, event, at))) return { kind: "duplicate" as const };
    const [payment] = await tx
      .select({ id: payments.id })
      .from(payments)
      // metadata.payment_id is ours only when it is a payment id (another integration's may be anything).
      .where(or(eq(payments.providerPaymentId, current.id), current.portalPaymentId && isUuid(current.portalPaymentId) ? eq(payments.id, current.portalPaymentId) : undefined));
    // Not one of ours (another integration on the same Stripe account): nothing to do.
    if (!payment) return { kind: "ignored" as const };
    return { kind: "handled" as const, settled: await settleInTx(tx, payment.id, current, at) };
  });
  if (outcome.kind === "handled") await afterSettle(db, outcome.settled, at);
  return outcome.kind;
}

async function claim(tx: Pick<Db, "insert">, event: ProviderEvent, at: Date): Promise<boolean> {
  const rows = await tx.insert(paymentEvents).values({ eventId: event.id, type: event.type, receivedAt: at }).onConflictDoNothing().returning();
  return rows.length > 0;
}

// A card saved in Stripe's form whose page was closed before it told the portal.
async function recordSetup(db: Db, provider: PaymentProvider, event: ProviderEvent, at: Date): Promise<EventOutcome> {
  const setup = await provider.retrieveSetup(event.objectId);
  const [customer] = setup.customerId
    ? await db.select().from(paymentCustomers).where(eq(paymentCustomers.providerCustomerId, setup.customerId))
    : [];
  if (setup.status === "succeeded" && setup.card && customer?.providerCustomerId) {
    await saveSetupCard(db, { ...customer, providerCustomerId: customer.providerCustomerId }, setup, null, at);
  }
  return (await claim(db, event, at)) ? "handled" : "duplicate";
}
