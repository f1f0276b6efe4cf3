import { currencyExponent, parseScaledDecimal } from "@/lib/plans/plan-amounts";

// Amounts typed by staff on a wallet's page, in the wallet's currency ("12.50"), read exactly into
// whole minor units: a digit beyond the currency's decimals is refused, never rounded. Top-ups are
// positive; adjustments and minimum balances may carry a leading "-".

// A million in major units (lib/billing/wallets.ts enforces it too): beyond it is a typo.
export const WALLET_AMOUNT_MAX_MINOR = 100_000_000;

export type WalletAmountResult = { ok: true; minor: number } | { ok: false; message: string };

export function parseWalletAmount(text: string, currency: string, options: { signed: boolean; allowZero: boolean }): WalletAmountResult {
  const exponent = currencyExponent(currency);
  let trimmed = text.trim();
  const negative = options.signed && trimmed.startsWith("-");
  if (negative) trimmed = trimmed.slice(1).trimStart();
  const parsed = parseScaledDecimal(trimmed, exponent, WALLET_AMOUNT_MAX_MINOR);
  if (!parsed.ok) {
    switch (parsed.problem) {
      case "empty":
        return { ok: false, message: "Enter an amount." };
      case "negative":
        return { ok: false, message: options.signed ? "Enter a number such as -12.50." : "Enter a positive amount; to take money out, record an adjustment." };
      case "format":
        return { ok: false, message: `Enter a number such as ${options.signed ? "-12.50 or 12.50" : "12.50"}, without a currency sign or thousands separators.` };
      case "precision":
        return { ok: false, message: `${currency} amounts have at most ${exponent} decimals.` };
      case "too_large":
        return { ok: false, message: "Enter an amount of at most 1,000,000." };
    }
  }
  if (parsed.value === 0 && !options.allowZero) return { ok: false, message: "Enter an amount other than zero." };
  return { ok: true, minor: negative && parsed.value !== 0 ? -parsed.value : parsed.value };
}
