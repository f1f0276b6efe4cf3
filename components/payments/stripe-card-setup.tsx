"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { stripeJs, type StripeActionResult } from "@/lib/payments/stripe/stripe-js";

export type StripeCardSetupProps = {
  publishableKey: string;
  // The SetupIntent's client secret and id (PaymentProvider.createSetup).
  clientSecret: string;
  setupId: string;
  // Called once Stripe saved the card; the server reads the setup again (retrieveSetup) rather
  // than trust this page about it.
  onSavedAction?: (setupId: string) => Promise<StripeActionResult>;
};

// Saving a card with Stripe's Payment Element: the card number is typed into Stripe's iframe and
// never reaches the portal (PCI SAQ A). Stripe.js shows 3-D Secure itself when the bank asks.
export function StripeCardSetup({ publishableKey, clientSecret, setupId, onSavedAction }: StripeCardSetupProps) {
  return (
    <Elements stripe={stripeJs(publishableKey)} options={{ clientSecret, appearance: { theme: "stripe" } }}>
      <CardSetupForm setupId={setupId} onSavedAction={onSavedAction} />
    </Elements>
  );
}

function CardSetupForm({ setupId, onSavedAction }: Pick<StripeCardSetupProps, "setupId" | "onSavedAction">) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || pending) return;
    setPending(true);
    setError(null);
    try {
      // Cards never redirect, so the result comes back here instead of at a return_url.
      const result = await stripe.confirmSetup({ elements, redirect: "if_required" });
      if (result.error) {
        setError(result.error.message ?? "The card could not be saved.");
        return;
      }
      if (result.setupIntent.status !== "succeeded" && result.setupIntent.status !== "processing") {
        setError("The card could not be saved. Please try again.");
        return;
      }
      const answer = onSavedAction ? await onSavedAction(setupId) : undefined;
      if (answer?.error) setError(answer.error);
      else setSaved(true);
    } catch {
      setError("The card could not be saved. Please try again.");
    } finally {
      setPending(false);
    }
  }

  if (saved) {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
        Card saved.
      </p>
    );
  }
  return (
    <form onSubmit={save} className="space-y-3" aria-busy={pending || undefined}>
      <PaymentElement onReady={() => setReady(true)} onLoadError={() => setError("The card form could not be loaded. Please reload the page.")} />
      <div className="flex items-center gap-3">
        <Button type="submit" pending={pending} disabled={!stripe || !elements || !ready}>
          {pending ? "Saving…" : "Save card"}
        </Button>
      </div>
      <div aria-live="polite">
        {error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
