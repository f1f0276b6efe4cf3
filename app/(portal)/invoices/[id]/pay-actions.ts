"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type PayFormState, formText } from "@/components/payments/form-state";
import { paymentOutcome } from "@/components/payments/payment-text";
import { can } from "@/lib/auth/permissions";
import { requireViewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { payInvoiceByCard } from "@/lib/payments/pay";
import type { Settled } from "@/lib/payments/settle";

const payInvoiceSchema = z.object({ invoiceId: z.string().uuid(), cardId: z.string().max(100), idempotencyKey: z.string().max(100) });

// POST (action) /invoices/[id]: a company admin pays an issued invoice with a saved company card.
// payInvoiceByCard checks the role, the invoice's company and the card; an invoice paid or being
// paid already is refused by the database (one open payment per invoice).
export async function payInvoiceByCardAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const viewer = await requireViewer();
  const values = { cardId: formText(form, "cardId") };
  if (!can(viewer, "payments:pay")) return { message: "Only the company's admins pay its invoices.", done: null, values };
  const parsed = payInvoiceSchema.safeParse({ invoiceId: formText(form, "invoiceId"), cardId: values.cardId, idempotencyKey: formText(form, "idempotencyKey") });
  if (!parsed.success) return { message: "Choose a card.", done: null, values };
  let settled: Settled;
  try {
    settled = await payInvoiceByCard(viewer, parsed.data, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, done: null, values };
    logger.error("paying an invoice by card failed", { error, requestId: viewer.requestId });
    return { message: "Something went wrong; nothing was charged twice. Try again.", done: null, values };
  }
  revalidatePath("/invoices");
  revalidatePath(`/invoices/${parsed.data.invoiceId}`);
  revalidatePath("/account");
  const outcome = paymentOutcome(settled.payment);
  if (outcome.kind === "confirm") redirect(`/account/payments/${outcome.paymentId}`);
  if (outcome.kind === "declined") return { message: outcome.message, done: null, values };
  if (outcome.kind === "processing") return { message: null, done: outcome.message, values: null };
  return { message: null, done: "Invoice paid. Thank you.", values: null };
}
