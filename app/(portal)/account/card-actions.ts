"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type AddCardState, type PayFormState, formText } from "@/components/payments/form-state";
import { parseCardExpiry } from "@/components/payments/payment-text";
import { can } from "@/lib/auth/permissions";
import { requireViewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { cardLabel, completeCardSetup, removeCard, startCardSetup } from "@/lib/payments/cards";
import { setInvoiceCard } from "@/lib/payments/invoice-card";
import { confirmSandboxCard } from "@/lib/payments/on-session";
import type { StripeActionResult } from "@/lib/payments/stripe/stripe-js";

// Saved cards on /account: add (the provider's setup, then its card form), remove, and the card
// a company's invoices are charged to. The payer is the session's: the user, or their company.

const GENERIC = "Something went wrong; try again.";

function messageOf(error: unknown, what: string, requestId: string | null | undefined): string {
  if (error instanceof AppError) return error.userMessage;
  logger.error(`${what} failed`, { error, requestId });
  return GENERIC;
}

const STAFF = "Platform staff do not save cards.";

async function payerViewer() {
  const viewer = await requireViewer();
  return can(viewer, "payments:pay") ? viewer : null;
}

// POST (action) /account: "Add a card" makes the provider's setup the card form confirms.
export async function startCardSetupAction(previous: AddCardState, form: FormData): Promise<AddCardState> {
  if (formText(form, "intent") === "cancel") return { step: "idle", message: null, saved: null };
  const viewer = await payerViewer();
  if (!viewer) return { step: "idle", message: STAFF, saved: null };
  try {
    const setup = await startCardSetup(viewer);
    return { step: "form", ...setup, message: null, values: null };
  } catch (error) {
    return { step: "idle", message: messageOf(error, "starting a card setup", viewer.requestId), saved: null };
  }
}

const sandboxCardSchema = z.object({
  setupId: z.string().min(1).max(200),
  number: z.string().max(40),
  expiry: z.string().max(10),
  cvc: z.string().max(10),
});

// POST (action) /account: the sandbox's card form (Stripe's test cards only; no real card is
// ever typed here, and the sandbox keeps only the last four digits).
export async function confirmSandboxCardAction(previous: AddCardState, form: FormData): Promise<AddCardState> {
  if (previous.step !== "form") return previous;
  if (formText(form, "intent") === "cancel") return { step: "idle", message: null, saved: null };
  const values = { expiry: formText(form, "expiry") };
  const again = (message: string): AddCardState => ({ ...previous, message, values });
  const parsed = sandboxCardSchema.safeParse({ setupId: previous.setupId, number: formText(form, "number"), expiry: values.expiry, cvc: formText(form, "cvc") });
  if (!parsed.success) return again("Fill in the card number, the expiry date and the security code.");
  const expiry = parseCardExpiry(parsed.data.expiry);
  if (!expiry) return again("Enter the expiry date as MM/YY, such as 12/34.");
  const viewer = await payerViewer();
  if (!viewer) return again(STAFF);
  try {
    const card = await confirmSandboxCard(viewer, parsed.data.setupId, { number: parsed.data.number, expMonth: expiry.month, expYear: expiry.year, cvc: parsed.data.cvc }, now());
    revalidatePath("/account");
    return { step: "idle", message: null, saved: `Card saved: ${cardLabel(card)}.` };
  } catch (error) {
    return again(messageOf(error, "saving a sandbox card", viewer.requestId));
  }
}

// Called by the Stripe card form once Stripe saved the card: the card is read back from Stripe.
export async function completeStripeCardAction(setupId: string): Promise<StripeActionResult> {
  const viewer = await payerViewer();
  if (!viewer) return { error: STAFF };
  try {
    await completeCardSetup(viewer, z.string().min(1).max(200).parse(setupId), now());
  } catch (error) {
    return { error: messageOf(error, "completing a card setup", viewer.requestId) };
  }
  revalidatePath("/account");
}

// POST (action) /account: remove a saved card (its auto-refills are turned off).
export async function removeCardAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const viewer = await payerViewer();
  if (!viewer) return { message: STAFF, done: null, values: null };
  try {
    await removeCard(viewer, formText(form, "cardId"), now());
  } catch (error) {
    return { message: messageOf(error, "removing a card", viewer.requestId), done: null, values: null };
  }
  revalidatePath("/account");
  return { message: null, done: "Card removed.", values: null };
}

// POST (action) /account: company admins choose the card issued invoices are charged to, or none.
export async function setInvoiceCardAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const values = { cardId: formText(form, "cardId") };
  const viewer = await payerViewer();
  if (!viewer) return { message: STAFF, done: null, values };
  try {
    await setInvoiceCard(viewer, values.cardId === "" ? null : values.cardId, now());
  } catch (error) {
    return { message: messageOf(error, "choosing the invoice card", viewer.requestId), done: null, values };
  }
  revalidatePath("/account");
  return { message: null, done: values.cardId === "" ? "Invoices are no longer charged automatically." : "Invoices will be charged to this card when issued.", values };
}
