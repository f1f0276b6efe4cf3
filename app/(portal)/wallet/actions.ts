"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { requireViewer } from "@/lib/auth/viewer";
import { parseWalletAmount } from "@/lib/billing/wallet-input";
import { openWallet } from "@/lib/billing/wallets";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isSupportedCurrency } from "@/lib/plans/plan-amounts";

// `values` are what was typed, shown again after a refusal (React clears a form after each submission).
export type OpenWalletFormState = { message: string | null; values: { companyId: string; currency: string; minimum: string } | null };

const openWalletSchema = z.object({ companyId: z.string().min(1), currency: z.string().min(1), minimum: z.string().max(40) });

// POST from /wallet: staff open a company's wallet in a currency. openWallet checks the
// permission again and audits; the minimum is typed in the currency and read exactly.
export async function openWalletAction(_previous: OpenWalletFormState, form: FormData): Promise<OpenWalletFormState> {
  const viewer = await requireViewer();
  if (!can(viewer, "wallets:manage")) return { message: "Only platform staff can open wallets.", values: null };
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const values = { companyId: text("companyId"), currency: text("currency"), minimum: text("minimum") };
  const parsed = openWalletSchema.safeParse(values);
  if (!parsed.success) return { message: "Choose a company and a currency.", values };
  const { companyId, currency, minimum } = parsed.data;
  if (!isSupportedCurrency(currency)) return { message: "Choose a currency from the list.", values };
  const amount = parseWalletAmount(minimum.trim() === "" ? "0" : minimum, currency, { signed: true, allowZero: true });
  if (!amount.ok) return { message: `Minimum balance: ${amount.message}`, values };
  let id: string;
  try {
    id = (await openWallet(viewer, { companyId, currency, minimumBalanceMinor: amount.minor }, now())).id;
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, values };
    logger.error("opening a wallet failed", { error, requestId: viewer.requestId });
    return { message: "The wallet could not be opened; try again.", values };
  }
  revalidatePath("/wallet");
  redirect(`/wallet/${id}`);
}
