"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type PayFormState, formText } from "@/components/payments/form-state";
import { paymentOutcome } from "@/components/payments/payment-text";
import { findWallet } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { parseWalletAmount } from "@/lib/billing/wallet-input";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { formatMoney } from "@/lib/money";
import { topUpWalletByCard } from "@/lib/payments/pay";
import type { Settled } from "@/lib/payments/settle";

const topUpByCardSchema = z.object({ walletId: z.string().uuid(), cardId: z.string().max(100), idempotencyKey: z.string().max(100) });

// POST (action) /wallet/[id]: a company admin tops up the PAYGO wallet with a saved company card.
// The wallet is read in the session's scope (its currency says how to read the amount) and
// topUpWalletByCard checks the role, the wallet's company and the card again.
export async function topUpByCardAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const viewer = await requireViewer();
  const values = { amount: formText(form, "amount"), cardId: formText(form, "cardId") };
  if (!can(viewer, "payments:pay")) return { message: "Only the company's admins top up its wallet by card.", done: null, values };
  const parsed = topUpByCardSchema.safeParse({ walletId: formText(form, "walletId"), cardId: values.cardId, idempotencyKey: formText(form, "idempotencyKey") });
  const wallet = parsed.success ? await findWallet(scopeOf(viewer), parsed.data.walletId) : null;
  if (!parsed.success || !wallet) return { message: "This wallet does not exist.", done: null, values };
  const amount = parseWalletAmount(values.amount, wallet.currency, { signed: false, allowZero: false });
  if (!amount.ok) return { message: amount.message, done: null, values };
  let settled: Settled;
  try {
    settled = await topUpWalletByCard(viewer, { walletId: wallet.id, amountMinor: amount.minor, cardId: parsed.data.cardId, idempotencyKey: parsed.data.idempotencyKey }, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, done: null, values };
    logger.error("a wallet top-up by card failed", { error, requestId: viewer.requestId });
    return { message: "Something went wrong; nothing was charged twice. Try again.", done: null, values };
  }
  revalidatePath("/wallet");
  revalidatePath(`/wallet/${wallet.id}`);
  revalidatePath("/account");
  const outcome = paymentOutcome(settled.payment);
  if (outcome.kind === "confirm") redirect(`/account/payments/${outcome.paymentId}`);
  if (outcome.kind === "declined") return { message: outcome.message, done: null, values };
  if (outcome.kind === "processing") return { message: null, done: outcome.message, values: null };
  return { message: null, done: `Top-up paid: ${formatMoney(settled.payment.amountMinor, settled.payment.currency)} added to the wallet.`, values: null };
}
