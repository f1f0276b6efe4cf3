"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ConfirmPaymentState, formText } from "@/components/payments/form-state";
import { paymentOutcome } from "@/components/payments/payment-text";
import { can } from "@/lib/auth/permissions";
import { requireViewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticateInSandbox, confirmOnSession, refreshPayment } from "@/lib/payments/on-session";
import type { Settled } from "@/lib/payments/settle";
import type { StripeActionResult } from "@/lib/payments/stripe/stripe-js";

// A payment the bank wants the payer present for (3-D Secure), confirmed from its receipt page:
// confirm it again on-session, then the bank's check (the sandbox's page, or Stripe.js). The
// payment must be the session payer's own (ownPaymentOrThrow in lib/payments/on-session.ts).

const paymentId = z.string().uuid();

// What the payment bought shows on other pages too (the SIM, the wallet, the invoice): all of
// them are read again.
function refresh() {
  revalidatePath("/", "layout");
}

function failed(error: unknown, what: string, requestId: string | null | undefined): string {
  if (error instanceof AppError) return error.userMessage;
  logger.error(`${what} failed`, { error, requestId });
  return "Something went wrong; the payment is never charged twice. Try again.";
}

function settledState(settled: Settled, clientSecret: string | null): ConfirmPaymentState {
  const outcome = paymentOutcome(settled.payment);
  switch (outcome.kind) {
    case "paid":
      return { stage: "start", clientSecret: null, message: null, done: "Payment confirmed: thank you." };
    case "confirm":
      return { stage: "bank", clientSecret, message: null, done: null };
    case "declined":
      return { stage: "start", clientSecret: null, message: outcome.message, done: null };
    case "processing":
      return { stage: "start", clientSecret: null, message: null, done: outcome.message };
  }
}

// POST (action) /account/payments/[id]: "Confirm payment".
export async function confirmPaymentAction(_previous: ConfirmPaymentState, form: FormData): Promise<ConfirmPaymentState> {
  const viewer = await requireViewer();
  const id = paymentId.safeParse(formText(form, "paymentId"));
  if (!can(viewer, "payments:pay") || !id.success) return { stage: "start", clientSecret: null, message: "This payment does not exist.", done: null };
  let state: ConfirmPaymentState;
  try {
    const settled = await confirmOnSession(viewer, id.data, now());
    state = settledState(settled, settled.clientSecret);
  } catch (error) {
    return { stage: "start", clientSecret: null, message: failed(error, "confirming a payment", viewer.requestId), done: null };
  }
  refresh();
  return state;
}

// POST (action) /account/payments/[id]: the sandbox's bank page, "Complete" or "Fail authentication".
export async function authenticateInSandboxAction(_previous: ConfirmPaymentState, form: FormData): Promise<ConfirmPaymentState> {
  const viewer = await requireViewer();
  const id = paymentId.safeParse(formText(form, "paymentId"));
  const outcome = formText(form, "outcome") === "succeed" ? "succeed" : "fail";
  if (!can(viewer, "payments:pay") || !id.success) return { stage: "start", clientSecret: null, message: "This payment does not exist.", done: null };
  let state: ConfirmPaymentState;
  try {
    state = settledState(await authenticateInSandbox(viewer, id.data, outcome, now()), null);
  } catch (error) {
    return { stage: "start", clientSecret: null, message: failed(error, "a sandbox authentication", viewer.requestId), done: null };
  }
  refresh();
  // A failed check leaves the payment waiting for the payer: start again rather than stay on the bank's page.
  return outcome === "fail" && state.stage === "bank" ? { ...state, stage: "start", message: "Your bank did not confirm the payment." } : state;
}

// Called by the Stripe next-action component once the bank's check is over, passed or not.
export async function refreshPaymentAction(id: string): Promise<StripeActionResult> {
  const viewer = await requireViewer();
  const parsed = paymentId.safeParse(id);
  if (!can(viewer, "payments:pay") || !parsed.success) return { error: "This payment does not exist." };
  try {
    const settled = await refreshPayment(viewer, parsed.data, now());
    refresh();
    const outcome = paymentOutcome(settled.payment);
    return outcome.kind === "declined" ? { error: outcome.message } : undefined;
  } catch (error) {
    return { error: failed(error, "refreshing a payment", viewer.requestId) };
  }
}
