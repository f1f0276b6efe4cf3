"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffFindPayment } from "@/db/queries/payments-staff";
import { can } from "@/lib/auth/permissions";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { STAFF_NOTE_MAX_LENGTH } from "@/lib/billing/staff-note";
import { parseWalletAmount } from "@/lib/billing/wallet-input";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { formatMoney } from "@/lib/money";
import { refundPayment } from "@/lib/payments/refunds";

// `values` are what was typed, shown again after a refusal (React clears a form after each submission).
export type RefundFormState = { message: string | null; done: string | null; values: { amount: string; reason: string } | null };

const refundPaymentSchema = z.object({
  paymentId: z.string().max(64),
  amount: z.string().max(40),
  reason: z.string().max(STAFF_NOTE_MAX_LENGTH * 2),
  idempotencyKey: z.string().max(100),
});

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

// POST (action) /admin/payments/[id]: refund a card payment, whole or in part; platform staff only.
// The idempotency key was generated when the page was shown, so a double submit refunds once.
export async function refundPaymentAction(_previous: RefundFormState, form: FormData): Promise<RefundFormState> {
  const viewer = await requireViewer();
  const values = { amount: text(form, "amount"), reason: text(form, "reason") };
  if (!can(viewer, "payments:refund")) return { message: "Only platform staff refund payments.", done: null, values };
  const parsed = refundPaymentSchema.safeParse({ ...values, paymentId: text(form, "paymentId"), idempotencyKey: text(form, "idempotencyKey") });
  if (!parsed.success) return { message: "Fill in the amount and the reason.", done: null, values };
  // The payment's currency says how to read the amount.
  const payment = await staffFindPayment(scopeOf(viewer), parsed.data.paymentId);
  if (!payment) return { message: "This payment does not exist.", done: null, values };
  const currency = payment.payment.currency;
  if (parsed.data.amount.trim().startsWith("-")) return { message: "Enter the amount to give back, such as 12.50.", done: null, values };
  const amount = parseWalletAmount(parsed.data.amount, currency, { signed: false, allowZero: false });
  if (!amount.ok) return { message: amount.message, done: null, values };

  let refunded: boolean;
  try {
    refunded = (await refundPayment(viewer, { paymentId: payment.payment.id, amountMinor: amount.minor, reason: parsed.data.reason, idempotencyKey: parsed.data.idempotencyKey }, now())).refunded;
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, done: null, values };
    logger.error("refunding a payment failed", { error, requestId: viewer.requestId, paymentId: payment.payment.id });
    return { message: "The refund could not be made; try again.", done: null, values };
  }
  revalidatePath(`/admin/payments/${payment.payment.id}`);
  revalidatePath("/admin/payments");
  // Done: the form starts afresh (the page renders a new idempotency key for the next refund).
  return { message: null, done: refunded ? `Refunded ${formatMoney(amount.minor, currency)} to the card.` : "This refund was already made.", values: null };
}
