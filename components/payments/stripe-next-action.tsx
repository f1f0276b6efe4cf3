"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { stripeJs, type StripeActionResult } from "@/lib/payments/stripe/stripe-js";

export type StripeNextActionProps = {
  publishableKey: string;
  // The client secret of the PaymentIntent in requires_action (ProviderPayment.clientSecret).
  clientSecret: string;
  // Called once the bank's check is over, passed or not: the server reads the payment again
  // (retrievePayment) and records what Stripe says, so this page is never trusted about it.
  onDoneAction: () => Promise<StripeActionResult>;
};

// The bank asked for the customer (3-D Secure): on a press, Stripe.js shows the bank's check.
export function StripeNextAction({ publishableKey, clientSecret, onDoneAction }: StripeNextActionProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function authenticate() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const stripe = await stripeJs(publishableKey);
      if (!stripe) {
        setError("Stripe could not be loaded. Please reload the page.");
        return;
      }
      const result = await stripe.handleNextAction({ clientSecret });
      // A failed check changed the payment too (back to needing a card), so the server hears of it.
      const answer = await onDoneAction();
      if (result.error) setError(result.error.message ?? "Your bank did not confirm the payment.");
      else if (answer?.error) setError(answer.error);
    } catch {
      setError("The payment could not be confirmed. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3" aria-busy={pending || undefined}>
      <Button onClick={authenticate} pending={pending}>
        {pending ? "Waiting for your bank…" : "Confirm with your bank"}
      </Button>
      <div aria-live="polite">
        {error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
