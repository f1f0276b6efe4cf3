"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findWallet } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { parseWalletAmount } from "@/lib/billing/wallet-input";
import { STAFF_NOTE_MAX_LENGTH } from "@/lib/billing/staff-note";
import { recordWalletCredit, setWalletMinimum } from "@/lib/billing/wallets";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

// `values` are what was typed, shown again after a refusal (React clears a form after each submission).
export type WalletFormState = { message: string | null; done: string | null; values: Record<string, string> | null };

const FORBIDDEN: WalletFormState = { message: "Only platform staff can change wallets.", done: null, values: null };
const GONE: WalletFormState = { message: "This wallet does not exist.", done: null, values: null };

// The wallet the form names, read in the session's scope: its currency says how to read the amount.
async function walletFor(form: FormData) {
  const viewer = await requireViewer();
  if (!can(viewer, "wallets:manage")) return { viewer, wallet: null, refusal: FORBIDDEN };
  const walletId = form.get("walletId");
  const wallet = typeof walletId === "string" ? await findWallet(scopeOf(viewer), walletId) : null;
  return { viewer, wallet, refusal: GONE };
}

function failed(error: unknown, what: string, requestId: string | null | undefined, values: Record<string, string>): WalletFormState {
  if (error instanceof AppError) return { message: error.userMessage, done: null, values };
  logger.error(`${what} failed`, { error, requestId });
  return { message: "The change could not be saved; try again.", done: null, values };
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

// POST from /wallet/[id]: staff set the minimum balance (negative: a credit line).
export async function setWalletMinimumAction(_previous: WalletFormState, form: FormData): Promise<WalletFormState> {
  const { viewer, wallet, refusal } = await walletFor(form);
  if (!wallet) return refusal;
  const values = { minimum: text(form, "minimum") };
  const amount = parseWalletAmount(values.minimum, wallet.currency, { signed: true, allowZero: true });
  if (!amount.ok) return { message: amount.message, done: null, values };
  try {
    await setWalletMinimum(viewer, wallet.id, amount.minor, now());
  } catch (error) {
    return failed(error, "setting a wallet minimum", viewer.requestId, values);
  }
  revalidatePath("/wallet");
  revalidatePath(`/wallet/${wallet.id}`);
  return { message: null, done: "Minimum balance saved.", values };
}

const recordCreditSchema = z.object({
  kind: z.enum(["top_up", "adjustment"]),
  amount: z.string().max(40),
  note: z.string().max(STAFF_NOTE_MAX_LENGTH * 2),
  idempotencyKey: z.string().max(100),
});

// POST from /wallet/[id]: staff record money received outside the portal (a top-up) or a
// correction (an adjustment, either sign). The key was generated when the page was shown, so a
// double submit records one entry.
export async function recordWalletCreditAction(_previous: WalletFormState, form: FormData): Promise<WalletFormState> {
  const { viewer, wallet, refusal } = await walletFor(form);
  if (!wallet) return refusal;
  const values = { kind: text(form, "kind"), amount: text(form, "amount"), note: text(form, "note") };
  const parsed = recordCreditSchema.safeParse({ ...values, idempotencyKey: text(form, "idempotencyKey") });
  if (!parsed.success) return { message: "Choose a top-up or an adjustment, and fill in the amount and the note.", done: null, values };
  const { kind, note, idempotencyKey } = parsed.data;
  const amount = parseWalletAmount(parsed.data.amount, wallet.currency, { signed: kind === "adjustment", allowZero: false });
  if (!amount.ok) return { message: amount.message, done: null, values };
  let recorded: boolean;
  try {
    recorded = (await recordWalletCredit(viewer, { walletId: wallet.id, kind, amountMinor: amount.minor, note, idempotencyKey }, now())).recorded;
  } catch (error) {
    return failed(error, "recording a wallet credit", viewer.requestId, values);
  }
  revalidatePath("/wallet");
  revalidatePath(`/wallet/${wallet.id}`);
  // Recorded: the form starts afresh (the page renders a new idempotency key for the next entry).
  return { message: null, done: recorded ? (kind === "top_up" ? "Top-up recorded." : "Adjustment recorded.") : "This entry was already recorded.", values: null };
}
