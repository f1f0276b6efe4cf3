import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { PaymentPurpose, PaymentStatus, PaymentTrigger } from "@/db/queries/payments-staff";
import { formatMoney } from "@/lib/money";

// Labels and badges of the staff payments pages. The tones are those of the account pages
// (components/payments/payment-text.ts): green paid, red failed, amber waiting for the customer,
// blue processing, gray pending or canceled (pulsing while the provider still works on it),
// violet refunded. The labels are staff's words for the same states.

const STATUS: Record<PaymentStatus, { label: string; tone: BadgeTone; pulse: boolean }> = {
  pending: { label: "Pending", tone: "gray", pulse: true },
  requires_action: { label: "Needs authentication", tone: "amber", pulse: false },
  processing: { label: "Processing", tone: "blue", pulse: true },
  succeeded: { label: "Succeeded", tone: "green", pulse: false },
  failed: { label: "Failed", tone: "red", pulse: false },
  canceled: { label: "Canceled", tone: "gray", pulse: false },
};

const REFUND_STATUS: Record<string, { label: string; tone: BadgeTone; pulse: boolean }> = {
  pending: { label: "Pending", tone: "gray", pulse: true },
  succeeded: { label: "Refunded", tone: "green", pulse: false },
  failed: { label: "Refused", tone: "red", pulse: false },
};

export const PURPOSE_LABELS: Record<PaymentPurpose, string> = { refill: "Refill", wallet_top_up: "Wallet top-up", invoice: "Invoice" };
export const TRIGGER_LABELS: Record<PaymentTrigger, string> = { manual: "Paid by a person", auto_refill: "Auto-refill", invoice_auto: "Charged on issue" };
export const STATUS_OPTIONS = Object.entries(STATUS).map(([value, { label }]) => [value, label] as const);

const known = <K extends string>(labels: Record<K, unknown>, value: string): value is K => Object.hasOwn(labels, value);

export function purposeLabel(purpose: string): string {
  return known(PURPOSE_LABELS, purpose) ? PURPOSE_LABELS[purpose] : purpose;
}

export function triggerLabel(trigger: string): string {
  return known(TRIGGER_LABELS, trigger) ? TRIGGER_LABELS[trigger] : trigger;
}

export function PaymentStatusBadge({ status }: { status: string }) {
  const style = known(STATUS, status) ? STATUS[status] : { label: status, tone: "gray" as const, pulse: false };
  return (
    <Badge tone={style.tone} dot={style.pulse ? "pulse" : true}>
      {style.label}
    </Badge>
  );
}

export function RefundStatusBadge({ status }: { status: string }) {
  const style = REFUND_STATUS[status] ?? { label: status, tone: "gray" as const, pulse: false };
  return (
    <Badge tone={style.tone} dot={style.pulse ? "pulse" : true}>
      {style.label}
    </Badge>
  );
}

// Beside the status: how much of a payment went back to the card.
export function RefundedBadge({ amountMinor, refundedMinor, currency }: { amountMinor: number; refundedMinor: number; currency: string }) {
  if (refundedMinor <= 0) return null;
  return <Badge tone="violet">{refundedMinor >= amountMinor ? "Refunded" : `${formatMoney(refundedMinor, currency)} refunded`}</Badge>;
}

// The provider's codes as they come ("card_declined · insufficient_funds"): staff search the
// provider's documentation and dashboard by them.
export function failureCodes(row: { failureCode: string | null; declineCode: string | null }): string | null {
  const codes = [row.failureCode, row.declineCode].filter((c): c is string => Boolean(c));
  return codes.length > 0 ? codes.join(" · ") : null;
}

// auto_refills.pause_reason, written by lib/payments (auto-refill outcome, card removal).
export function pauseReasonLabel(reason: string | null): string {
  if (!reason) return "Paused";
  if (reason === "authentication_required") return "The bank asked the customer to authenticate";
  if (reason === "retries_exhausted") return "Declined on every retry";
  if (reason === "package_unavailable") return "Package no longer on the plan";
  if (reason === "payment_unconfirmed") return "Charge never confirmed";
  if (reason === "card_removed") return "Card removed";
  if (reason.startsWith("card_declined")) {
    const code = reason.slice("card_declined".length).replace(/^:\s*/, "");
    return code ? `Card declined (${code})` : "Card declined";
  }
  return reason;
}
