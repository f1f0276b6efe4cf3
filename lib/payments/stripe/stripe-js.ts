// The pure entry: importing it loads nothing; Stripe.js is fetched only when loadStripe is called.
import type { Stripe as StripeJs } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

// Browser side (components/payments/stripe-*.tsx): Stripe.js loaded once per publishable key and
// shared, since each loadStripe call makes a new Stripe instance and Elements must keep the one
// it was first given. Only the card form and the authentication button import this.
const instances = new Map<string, Promise<StripeJs | null>>();

export function stripeJs(publishableKey: string): Promise<StripeJs | null> {
  let instance = instances.get(publishableKey);
  if (!instance) {
    instance = loadStripe(publishableKey);
    instances.set(publishableKey, instance);
  }
  return instance;
}

// The result a server action passed to these components may return: an error to show, or nothing.
export type StripeActionResult = { error?: string | null } | void;
