import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { autoRefills, paymentCards, payments } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { autoRefillMonthTotal } from "./auto-refill";
import { ownSetupOrThrow, type SavedCard, saveConfirmedSetup } from "./cards";
import type { Payment } from "./credit";
import { findCustomer, payerOf } from "./customers";
import { paymentProvider, sandboxProvider } from "./registry";
import { invoicePaidElsewhere, type Settled, settlePayment } from "./settle";

// What the customer does in the browser: enter a card (Stripe's Payment Element, or the sandbox's
// test-card form), and authenticate a payment the bank wants them present for (3-D Secure; also an
// automatic refill that failed with authentication_required, completed from the link in its e-mail).

export async function confirmSandboxCard(viewer: Viewer, setupId: string, card: { number: string; expMonth: number; expYear: number; cvc: string }, at: Date): Promise<SavedCard> {
  const sandbox = sandboxProvider();
  const { customer } = await ownSetupOrThrow(viewer, setupId, sandbox);
  return saveConfirmedSetup(customer, await sandbox.confirmSetupWithTestCard(setupId, card), viewer, at);
}

// A payment of the viewer's payer (their own, or their company's), for acting on it.
export async function ownPaymentOrThrow(viewer: Viewer, paymentId: string): Promise<Payment> {
  const customer = await findCustomer(getDb(), paymentProvider().name, payerOf(viewer));
  const [payment] =
    customer && isUuid(paymentId) ? await getDb().select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.customerId, customer.id))) : [];
  if (!payment) throw new AppError("not_found", "This payment does not exist.");
  return payment;
}

// Whether the payment waits for the customer: the bank asked to authenticate it.
export function needsCustomer(payment: Pick<Payment, "status" | "failureCode">): boolean {
  return payment.status === "requires_action" || (payment.status === "failed" && payment.failureCode === "authentication_required");
}

// Confirms the payment again with the customer present. Returns the client secret the page
// completes the authentication with (Stripe.js handleNextAction, or the sandbox's bank page).
export async function confirmOnSession(viewer: Viewer, paymentId: string, at: Date): Promise<Settled & { clientSecret: string | null }> {
  const payment = await ownPaymentOrThrow(viewer, paymentId);
  if (!needsCustomer(payment) || !payment.providerPaymentId) throw new AppError("invalid_input", "This payment does not need you to confirm it.");
  const [card] = payment.cardId ? await getDb().select().from(paymentCards).where(and(eq(paymentCards.id, payment.cardId), isNull(paymentCards.removedAt))) : [];
  if (!card) throw new AppError("invalid_input", "The card of this payment was removed: refill again with another card.");
  if (payment.trigger === "auto_refill" && (await overCap(payment, at))) {
    throw new AppError("invalid_input", "Confirming this automatic refill would go over this month's auto-refill limit: refill by hand instead, or raise the limit.");
  }
  if (payment.invoiceId && (await invoicePaidElsewhere(getDb(), payment))) throw new AppError("conflict", "This invoice is already paid by another payment.");
  const provider = paymentProvider();
  const returnUrl = new URL(`/account/payments/${payment.id}`, env().AUTH_URL ?? "http://localhost:3000").toString();
  const seen = await provider.confirmPaymentOnSession(payment.providerPaymentId, { paymentMethodId: card.providerMethodId, returnUrl });
  return { ...(await settlePayment(getDb(), payment.id, seen, at)), clientSecret: seen.clientSecret };
}

// An old automatic refill confirmed late still counts against the month's cap (it is not counted
// while it is failed).
async function overCap(payment: Payment, at: Date): Promise<boolean> {
  if (payment.simId === null) return false;
  const [settings] = await getDb().select({ cap: autoRefills.monthlyCapMinor }).from(autoRefills).where(eq(autoRefills.simId, payment.simId));
  if (!settings) return false;
  return (await autoRefillMonthTotal(getDb(), payment.simId, at)) + payment.amountMinor > settings.cap;
}

// The sandbox's stand-in for the bank's authentication page.
export async function authenticateInSandbox(viewer: Viewer, paymentId: string, outcome: "succeed" | "fail", at: Date): Promise<Settled> {
  const payment = await ownPaymentOrThrow(viewer, paymentId);
  if (payment.status !== "requires_action" || !payment.providerPaymentId) throw new AppError("invalid_input", "This payment does not wait for authentication.");
  const seen = await sandboxProvider().completeAuthentication(payment.providerPaymentId, outcome);
  return settlePayment(getDb(), payment.id, seen, at);
}

// After Stripe.js completed an authentication: what the provider says now.
export async function refreshPayment(viewer: Viewer, paymentId: string, at: Date): Promise<Settled> {
  const payment = await ownPaymentOrThrow(viewer, paymentId);
  if (!payment.providerPaymentId) return { payment, credited: false };
  return settlePayment(getDb(), payment.id, await paymentProvider().retrievePayment(payment.providerPaymentId), at);
}
