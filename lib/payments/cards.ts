import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { auditLog, autoRefills, paymentCards, paymentCustomers } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { type Customer, ensureCustomer, findCustomer, payerOf } from "./customers";
import type { PaymentProvider, ProviderSetup } from "./provider";
import { paymentProvider } from "./registry";

// Saved cards. A card is entered only in the provider's own form (Stripe's Payment Element, or the
// sandbox's test-card form) against a SetupIntent for off-session use; the portal keeps the
// provider's payment method id, brand, last four digits and expiry, never the number.

export type SavedCard = typeof paymentCards.$inferSelect;

export function cardLabel(card: Pick<SavedCard, "brand" | "last4" | "expMonth" | "expYear">): string {
  const brand = card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} •••• ${card.last4} (expires ${String(card.expMonth).padStart(2, "0")}/${card.expYear})`;
}

// The viewer's payer's cards in use, oldest first.
export async function listCards(viewer: Viewer): Promise<SavedCard[]> {
  const customer = await findCustomer(getDb(), paymentProvider().name, payerOf(viewer));
  if (!customer) return [];
  return getDb()
    .select()
    .from(paymentCards)
    .where(and(eq(paymentCards.customerId, customer.id), isNull(paymentCards.removedAt)))
    .orderBy(asc(paymentCards.createdAt), asc(paymentCards.id));
}

// A card of the viewer's payer that can be charged; the form's card id is never trusted alone.
export async function usableCardOrThrow(db: Db, viewer: Viewer, cardId: string): Promise<{ card: SavedCard; customer: typeof paymentCustomers.$inferSelect }> {
  const customer = await findCustomer(db, paymentProvider().name, payerOf(viewer));
  const [card] =
    customer && isUuid(cardId)
      ? await db
          .select()
          .from(paymentCards)
          .where(and(eq(paymentCards.id, cardId), eq(paymentCards.customerId, customer.id), isNull(paymentCards.removedAt)))
      : [];
  if (!customer || !card) throw new AppError("invalid_input", "Choose one of your saved cards.");
  return { card, customer };
}

export async function startCardSetup(viewer: Viewer): Promise<{ setupId: string; clientSecret: string }> {
  const provider = paymentProvider();
  const customer = await ensureCustomer(getDb(), provider, payerOf(viewer));
  const setup = await provider.createSetup({ customerId: customer.providerCustomerId, idempotencyKey: `setup:${crypto.randomUUID()}` });
  if (!setup.clientSecret) throw new Error("setup intent without a client secret");
  return { setupId: setup.id, clientSecret: setup.clientSecret };
}

// The viewer's payer's customer and one of its setups (SetupIntents); another payer's setup is
// not found: it is not theirs to put a card on or to save.
export async function ownSetupOrThrow(viewer: Viewer, setupId: string, provider: PaymentProvider = paymentProvider()): Promise<{ customer: Customer; setup: ProviderSetup }> {
  const customer = await findCustomer(getDb(), provider.name, payerOf(viewer));
  const setup = await provider.retrieveSetup(setupId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!customer?.providerCustomerId || !setup || setup.customerId !== customer.providerCustomerId) throw new AppError("not_found", "This card form has expired: open it again.");
  return { customer: { ...customer, providerCustomerId: customer.providerCustomerId }, setup };
}

// After the card form confirmed the setup: the saved card, read back from the provider.
export async function completeCardSetup(viewer: Viewer, setupId: string, at: Date): Promise<SavedCard> {
  const { customer, setup } = await ownSetupOrThrow(viewer, setupId);
  return saveConfirmedSetup(customer, setup, viewer, at);
}

export async function saveConfirmedSetup(customer: Customer, setup: ProviderSetup, viewer: Viewer, at: Date): Promise<SavedCard> {
  if (setup.status !== "succeeded" || !setup.card) throw new AppError("invalid_input", setup.failure?.message ?? "The card was not saved: try again or use another card.");
  return saveSetupCard(getDb(), customer, setup, viewer, at);
}

// Idempotent by the provider's payment method id: the page and the webhook may both record it.
export async function saveSetupCard(db: Db, customer: Customer, setup: ProviderSetup, viewer: Viewer | null, at: Date): Promise<SavedCard> {
  if (!setup.card) throw new Error(`setup ${setup.id} has no card`);
  const card = setup.card;
  return db.transaction(async (tx) => {
    const [added] = await tx
      .insert(paymentCards)
      .values({ customerId: customer.id, providerMethodId: card.providerMethodId, brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear, addedBy: viewer?.userId ?? null, createdAt: at })
      .onConflictDoNothing({ target: paymentCards.providerMethodId })
      .returning();
    if (added && viewer) {
      await tx.insert(auditLog).values(
        userAuditEntry(viewer, at, { action: "payment_card.add", targetType: "payment_card", targetId: added.id, companyId: customer.companyId, after: { card: cardLabel(added) } }),
      );
    }
    const [row] = added ? [added] : await tx.select().from(paymentCards).where(eq(paymentCards.providerMethodId, card.providerMethodId));
    if (!row) throw new Error("card row missing after insert");
    return row;
  });
}

// Removes a card: detached at the provider, kept here for the history of its payments, and the
// auto-refills that used it are turned off (they could no longer charge anything).
export async function removeCard(viewer: Viewer, cardId: string, at: Date, provider: PaymentProvider = paymentProvider()): Promise<void> {
  const db = getDb();
  const { card, customer } = await usableCardOrThrow(db, viewer, cardId);
  await provider.detachCard(card.providerMethodId);
  await db.transaction(async (tx) => {
    await tx.update(paymentCards).set({ removedAt: at }).where(and(eq(paymentCards.id, card.id), isNull(paymentCards.removedAt)));
    await tx.update(autoRefills).set({ enabled: false, pausedAt: at, pauseReason: "card_removed", updatedAt: at }).where(eq(autoRefills.cardId, card.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, { action: "payment_card.remove", targetType: "payment_card", targetId: card.id, companyId: customer.companyId, before: { card: cardLabel(card) } }),
    );
  });
}
