"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type PayFormState, formText } from "@/components/payments/form-state";
import { paymentOutcome, refilledMessage } from "@/components/payments/payment-text";
import { findPayableSim } from "@/db/queries/payments";
import { can } from "@/lib/auth/permissions";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { saveAutoRefill } from "@/lib/payments/auto-refill";
import { refillByCard } from "@/lib/payments/pay";
import type { Settled } from "@/lib/payments/settle";
import { parseWalletAmount } from "@/lib/billing/wallet-input";

// Refill by card and auto-refill, from /account and from a SIM's page (both pages are refreshed:
// data left and days left show the refill at once). The SIM, the package and the card are each
// checked against the session by the domain functions; the form only names them.

const ICCID = z.string().regex(/^\d{18,22}$/);

const refillByCardSchema = z.object({ iccid: ICCID, packageId: z.string().max(100), cardId: z.string().max(100), idempotencyKey: z.string().max(100) });

function refresh(iccid: string) {
  revalidatePath("/account");
  revalidatePath(`/sims/${iccid}`);
}

function refused(error: unknown, what: string, requestId: string | null | undefined, values: Record<string, string>): PayFormState {
  if (error instanceof AppError) return { message: error.userMessage, done: null, values };
  logger.error(`${what} failed`, { error, requestId });
  return { message: "Something went wrong; nothing was charged twice. Try again.", done: null, values };
}

// POST (action) /account, /sims/[iccid]: pay a refill package with a saved card.
export async function refillByCardAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const viewer = await requireViewer();
  const values = { packageId: formText(form, "packageId"), cardId: formText(form, "cardId") };
  if (!can(viewer, "payments:pay")) return { message: "Platform staff refill SIMs without a card, from the SIM's page.", done: null, values };
  const parsed = refillByCardSchema.safeParse({ ...values, iccid: formText(form, "iccid"), idempotencyKey: formText(form, "idempotencyKey") });
  if (!parsed.success) return { message: "Choose a package and a card.", done: null, values };
  let settled: Settled;
  try {
    settled = await refillByCard(viewer, parsed.data, now());
  } catch (error) {
    return refused(error, "a refill by card", viewer.requestId, values);
  }
  // A new form key comes with the refreshed page, so the next submission is a new payment.
  refresh(parsed.data.iccid);
  const outcome = paymentOutcome(settled.payment);
  if (outcome.kind === "confirm") redirect(`/account/payments/${outcome.paymentId}`);
  if (outcome.kind === "declined") return { message: outcome.message, done: null, values };
  if (outcome.kind === "processing") return { message: null, done: outcome.message, values: null };
  const sim = await findPayableSim(scopeOf(viewer), parsed.data.iccid);
  return { message: null, done: refilledMessage({ dataBytes: settled.payment.packageDataBytes ?? 0 }, sim?.validUntil ?? null), values: null };
}

const saveAutoRefillSchema = z.object({
  iccid: ICCID,
  enabled: z.boolean(),
  thresholdMb: z.string().trim().regex(/^\d{1,9}$/),
  packageId: z.string().max(100),
  cardId: z.string().max(100),
  monthlyCap: z.string().max(40),
});

// POST (action) /account, /sims/[iccid]: turn auto-refill on (recording the consent shown) or off.
export async function saveAutoRefillAction(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const viewer = await requireViewer();
  const values = {
    enabled: form.get("enabled") === "on" ? "on" : "",
    thresholdMb: formText(form, "thresholdMb"),
    packageId: formText(form, "packageId"),
    cardId: formText(form, "cardId"),
    monthlyCap: formText(form, "monthlyCap"),
  };
  if (!can(viewer, "payments:pay")) return { message: "Only the SIM's payer sets up auto-refill.", done: null, values };
  const iccid = formText(form, "iccid");
  const enabled = values.enabled === "on";
  const parsed = saveAutoRefillSchema.safeParse({ ...values, iccid, enabled, thresholdMb: enabled ? values.thresholdMb : "0" });
  if (!parsed.success) return { message: "Set the threshold in whole MB, and choose a package and a card.", done: null, values };
  const sim = await findPayableSim(scopeOf(viewer), parsed.data.iccid);
  if (!sim) return { message: "This SIM does not exist or is not yours.", done: null, values };
  const cap = enabled ? parseWalletAmount(parsed.data.monthlyCap, sim.currency, { signed: false, allowZero: false }) : ({ ok: true, minor: 0 } as const);
  if (!cap.ok) return { message: `Monthly limit: ${cap.message}`, done: null, values };
  try {
    await saveAutoRefill(viewer, { iccid: sim.iccid, enabled, thresholdMb: Number(parsed.data.thresholdMb), packageId: parsed.data.packageId, cardId: parsed.data.cardId, monthlyCapMinor: cap.minor }, now());
  } catch (error) {
    return refused(error, "saving auto-refill", viewer.requestId, values);
  }
  refresh(sim.iccid);
  return { message: null, done: enabled ? "Auto-refill is on." : "Auto-refill is off.", values };
}
