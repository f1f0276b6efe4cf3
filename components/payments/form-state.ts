// The states of the payment forms, shared by the actions of the pages that show them.

// `values`: what was chosen or typed, shown again after a refusal (React resets a form after each
// submission); null after success, so the form starts afresh.
export type PayFormState = { message: string | null; done: string | null; values: Record<string, string> | null };
export type PayFormAction = (previous: PayFormState, form: FormData) => Promise<PayFormState>;
export const PAY_FORM_INITIAL: PayFormState = { message: null, done: null, values: null };

// Adding a card: the provider's setup is made when "Add a card" is pressed, then the card form
// for it is shown, then the saved card.
export type AddCardState =
  | { step: "idle"; message: string | null; saved: string | null }
  | { step: "form"; setupId: string; clientSecret: string; message: string | null; values: Record<string, string> | null };
export type AddCardAction = (previous: AddCardState, form: FormData) => Promise<AddCardState>;

// Confirming a payment the bank asked about: `bank` shows the bank's check (the sandbox's page,
// or Stripe.js with the client secret).
export type ConfirmPaymentState = { stage: "start" | "bank"; clientSecret: string | null; message: string | null; done: string | null };
export type ConfirmPaymentAction = (previous: ConfirmPaymentState, form: FormData) => Promise<ConfirmPaymentState>;

export const formText = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

// The placeholders of the auto-refill consent template (lib/payments/auto-refill.ts
// autoRefillConsent, called on the server with these), filled in on the page as the choices
// change: the words shown are the words the server records.
export const CONSENT_SLOTS = { package: "\u0001package\u0001", card: "\u0001card\u0001", cap: "\u0001cap\u0001" } as const;
