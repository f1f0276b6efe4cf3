// Stripe's documented test card numbers, the only cards the sandbox accepts, and how each one
// behaves. The sandbox keeps only the last four digits and the behaviour, never the number.
import { AppError } from "@/lib/errors";

// succeeds: every charge succeeds.
// generic_decline / insufficient_funds / expired_card / incorrect_cvc: every charge is declined
//   with that decline code. In Stripe these plain numbers are refused already when the card is
//   saved; the sandbox saves them and declines the charges (like Stripe's pm_card_…chargeDeclined…
//   test methods), so the portal's decline handling (soft declines retried, hard declines
//   pausing auto-refill) can be tried from the card form.
// charge_fails: 4000 0000 0000 0341, saved fine, every charge declined (generic_decline).
// authentication_unless_setup: 3-D Secure unless saved for off-session use; every sandbox setup
//   is for off-session use, so its charges succeed.
// authentication_always: on-session charges need 3-D Secure (requires_action), off-session ones
//   fail with authentication_required.
export type TestCardBehaviour =
  | "succeeds"
  | "generic_decline"
  | "insufficient_funds"
  | "expired_card"
  | "incorrect_cvc"
  | "charge_fails"
  | "authentication_unless_setup"
  | "authentication_always";

// Shown on every card form the sandbox backs, so nobody mistakes it for a real payment.
export const SANDBOX_NOTICE = "Sandbox: no real money";

export type TestCard = { number: string; brand: string; label: string; behaviour: TestCardBehaviour };

export const SANDBOX_TEST_CARDS: readonly TestCard[] = [
  { number: "4242 4242 4242 4242", brand: "visa", label: "Visa: succeeds", behaviour: "succeeds" },
  { number: "5555 5555 5555 4444", brand: "mastercard", label: "Mastercard: succeeds", behaviour: "succeeds" },
  { number: "4000 0566 5566 5556", brand: "visa", label: "Visa debit: succeeds", behaviour: "succeeds" },
  { number: "3782 822463 10005", brand: "amex", label: "American Express: succeeds (4-digit CVC)", behaviour: "succeeds" },
  { number: "4000 0000 0000 0002", brand: "visa", label: "Declined (generic decline)", behaviour: "generic_decline" },
  { number: "4000 0000 0000 9995", brand: "visa", label: "Declined: insufficient funds", behaviour: "insufficient_funds" },
  { number: "4000 0000 0000 0069", brand: "visa", label: "Declined: expired card", behaviour: "expired_card" },
  { number: "4000 0000 0000 0127", brand: "visa", label: "Declined: incorrect CVC", behaviour: "incorrect_cvc" },
  { number: "4000 0000 0000 0341", brand: "visa", label: "Saves, but every charge is declined", behaviour: "charge_fails" },
  {
    number: "4000 0025 0000 3155",
    brand: "visa",
    label: "Authentication unless saved for off-session use (charges succeed)",
    behaviour: "authentication_unless_setup",
  },
  {
    number: "4000 0027 6000 3184",
    brand: "visa",
    label: "Always needs authentication (off-session charges fail)",
    behaviour: "authentication_always",
  },
];

export type TestCardInput = { number: string; expMonth: number; expYear: number; cvc: string };

// What the sandbox stores of a card.
export type SavedTestCard = { brand: string; last4: string; expMonth: number; expYear: number; behaviour: TestCardBehaviour };

const byDigits = new Map(SANDBOX_TEST_CARDS.map((card) => [card.number.replace(/ /g, ""), card]));

const NOT_A_TEST_CARD = "The sandbox accepts only Stripe's test cards, such as 4242 4242 4242 4242.";

// Checks a card typed into the sandbox's form as Stripe.js would, against `today` (UTC month).
export function parseTestCard(input: TestCardInput, today: Date): SavedTestCard {
  const digits = input.number.replace(/ /g, "");
  const card = byDigits.get(digits);
  if (!card) throw new AppError("invalid_input", NOT_A_TEST_CARD);

  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
    throw new AppError("invalid_input", "Enter the expiry month as a number from 1 to 12.");
  }
  // Card forms take two-digit years (12/34).
  const expYear = Number.isInteger(input.expYear) && input.expYear >= 0 && input.expYear < 100 ? 2000 + input.expYear : input.expYear;
  if (!Number.isInteger(expYear) || expYear > today.getUTCFullYear() + 50) {
    throw new AppError("invalid_input", "Enter the expiry year as a number, such as 2030.");
  }
  const expiry = expYear * 12 + input.expMonth;
  const current = today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
  if (expiry < current) throw new AppError("invalid_input", "This card has expired. Test cards take any expiry date in the future.");

  const cvcLength = card.brand === "amex" ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(input.cvc.trim())) {
    throw new AppError("invalid_input", `The security code (CVC) must be ${cvcLength} digits.`);
  }
  return { brand: card.brand, last4: digits.slice(-4), expMonth: input.expMonth, expYear, behaviour: card.behaviour };
}
