import type { BadgeTone } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";
import { formatVolume } from "@/lib/sims/plan-name";

// How payments read on the account pages, the receipt and the forms. Pure, so the wording is tested.

export type PaymentStatus = "pending" | "requires_action" | "processing" | "succeeded" | "failed" | "canceled";

const STATUS: Record<PaymentStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "gray" },
  requires_action: { label: "Needs your confirmation", tone: "amber" },
  processing: { label: "Processing", tone: "blue" },
  succeeded: { label: "Paid", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  canceled: { label: "Canceled", tone: "gray" },
};

export function paymentStatusView(payment: { status: string; refundedMinor: number; amountMinor: number }): { label: string; tone: BadgeTone } {
  if (payment.status === "succeeded" && payment.refundedMinor > 0) {
    return { label: payment.refundedMinor >= payment.amountMinor ? "Refunded" : "Partly refunded", tone: "violet" };
  }
  return STATUS[payment.status as PaymentStatus] ?? { label: payment.status, tone: "gray" };
}

// Stripe's decline codes in words the card holder can act on. Lost or stolen cards read as a plain
// decline (Stripe's advice: do not tell the person at the keyboard).
const DECLINE_REASONS: Record<string, string> = {
  insufficient_funds: "insufficient funds",
  expired_card: "the card has expired",
  incorrect_cvc: "the security code (CVC) is incorrect",
  incorrect_number: "the card number is incorrect",
  card_velocity_exceeded: "the card's limit was reached",
  withdrawal_count_limit_exceeded: "the card's limit was reached",
  card_not_supported: "the card does not support this kind of payment",
  currency_not_supported: "the card does not support this currency",
  processing_error: "an error at the bank; try again in a few minutes",
  try_again_later: "the bank asks to try again later",
  authentication_required: "your bank asks you to confirm this payment",
  payment_intent_authentication_failure: "the confirmation with your bank did not succeed",
};

export function declineMessage(payment: { failureCode: string | null; declineCode: string | null; failureMessage: string | null }): string {
  const reason = DECLINE_REASONS[payment.declineCode ?? ""] ?? DECLINE_REASONS[payment.failureCode ?? ""];
  if (reason) return `Your card was declined: ${reason}.`;
  if (payment.failureCode === "card_declined" || payment.declineCode) return "Your card was declined.";
  // The provider's own text (it may name its internal ids) is for staff, on the staff pages.
  return "The payment failed: try again, or with another card.";
}

export function refilledMessage(added: { dataBytes: number }, validUntil: Date | null): string {
  return `Refilled: ${formatVolume(added.dataBytes)} added${validUntil ? `, valid until ${formatDate(validUntil)}` : ""}.`;
}

// What a payment bought, in one line of the history.
export function paymentSubject(row: {
  purpose: string;
  trigger: string;
  iccid: string | null;
  invoiceNumber: string | null;
  walletCurrency: string | null;
  packageDataBytes: number | null;
  packageValidityDays: number | null;
}): string {
  switch (row.purpose) {
    case "refill": {
      const what = row.packageDataBytes !== null && row.packageValidityDays !== null ? `${formatVolume(row.packageDataBytes)} / ${row.packageValidityDays} days` : "Refill";
      return `${row.trigger === "auto_refill" ? "Auto-refill" : "Refill"} ${what}${row.iccid ? ` for SIM ${row.iccid}` : ""}`;
    }
    case "wallet_top_up":
      return `PAYGO wallet top-up${row.walletCurrency ? ` (${row.walletCurrency})` : ""}`;
    case "invoice":
      return `Invoice ${row.invoiceNumber ?? ""}${row.trigger === "invoice_auto" ? " (charged when issued)" : ""}`.trim();
    default:
      return row.purpose;
  }
}

// Why an auto-refill is paused (lib/payments/auto-refill-outcome.ts, cards.ts) and what ends it.
export function pauseExplanation(reason: string | null): { why: string; fix: string } {
  if (reason === "authentication_required") {
    return { why: "Your bank asked you to confirm the last automatic refill.", fix: "Confirm that payment from its page; auto-refill carries on once it is paid." };
  }
  if (reason === "card_removed") return { why: "The card it charged was removed.", fix: "Choose another card and save the settings to turn it on again." };
  if (reason === "retries_exhausted") {
    return { why: "The last automatic refill was declined several times.", fix: "Check the card or choose another, then save the settings to resume." };
  }
  if (reason === "monthly_cap") return { why: "This month's automatic refills reached your monthly limit.", fix: "It starts again next month by itself, or raise the limit and save the settings." };
  if (reason === "package_unavailable") return { why: "The package it bought is no longer offered by the SIM's plan.", fix: "Choose another package and save the settings to resume." };
  if (reason === "payment_unconfirmed") return { why: "The last automatic refill was never confirmed by the card's bank.", fix: "Save the settings again to resume." };
  if (reason?.startsWith("card_declined")) {
    const code = reason.slice("card_declined:".length).trim();
    return { why: declineMessage({ failureCode: "card_declined", declineCode: code || null, failureMessage: null }), fix: "Choose another card, or check this one with your bank, then save the settings to resume." };
  }
  return { why: "Automatic refills are on hold.", fix: "Save the settings again to resume." };
}

// "MM/YY" (or MM/YYYY) as typed into a card form; null when it is not one.
export function parseCardExpiry(text: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const month = Number(match[1]);
  const year = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { month, year: year < 100 ? 2000 + year : year };
}

export type PaymentOutcome =
  | { kind: "paid" }
  | { kind: "declined"; message: string }
  | { kind: "confirm"; paymentId: string }
  | { kind: "processing"; message: string };

// What a form says once the provider answered a payment made on the page.
export function paymentOutcome(payment: { id: string; status: string; failureCode: string | null; declineCode: string | null; failureMessage: string | null; creditError?: string | null }): PaymentOutcome {
  switch (payment.status) {
    case "succeeded":
      // Paid, but what it bought could not be added (the SIM left its prepaid plan meanwhile, say).
      if (payment.creditError) return { kind: "declined", message: `Paid, but nothing could be added: ${payment.creditError} The payment will be refunded.` };
      return { kind: "paid" };
    case "requires_action":
      return { kind: "confirm", paymentId: payment.id };
    case "failed":
      return { kind: "declined", message: declineMessage(payment) };
    case "canceled":
      return { kind: "declined", message: "The payment was canceled; nothing was charged." };
    default:
      return { kind: "processing", message: "The payment is being processed: it is added here as soon as the bank confirms it." };
  }
}
