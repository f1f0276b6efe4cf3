"use client";

import dynamic from "next/dynamic";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { StripeActionResult } from "@/lib/payments/stripe/stripe-js";
import type { CardFormMode } from "./add-card";
import { FormOutcome } from "./form-outcome";
import type { ConfirmPaymentAction, ConfirmPaymentState } from "./form-state";
import { SandboxNotice } from "./sandbox-notice";

// Loaded only in Stripe mode: importing @stripe/stripe-js adds Stripe's script to the page.
const StripeNextAction = dynamic(() => import("./stripe-next-action").then((m) => m.StripeNextAction), { ssr: false });

const INITIAL: ConfirmPaymentState = { stage: "start", clientSecret: null, message: null, done: null };

// A payment the bank wants the payer present for: "Confirm payment" confirms it again on-session,
// then the bank's check runs: Stripe.js's 3-D Secure window, or the sandbox's stand-in page.
export function ConfirmPayment({
  paymentId,
  amount,
  mode,
  confirmAction,
  authenticateAction,
  refreshAction,
}: {
  paymentId: string;
  amount: string;
  mode: CardFormMode;
  confirmAction: ConfirmPaymentAction;
  authenticateAction: ConfirmPaymentAction;
  refreshAction: (paymentId: string) => Promise<StripeActionResult>;
}) {
  const [state, formAction, pending] = useActionState<ConfirmPaymentState, FormData>(
    (previous, form) => (form.get("outcome") ? authenticateAction(previous, form) : confirmAction(previous, form)),
    INITIAL,
  );
  if (state.stage === "bank" && mode.provider === "stripe" && state.clientSecret) {
    return <StripeNextAction publishableKey={mode.publishableKey} clientSecret={state.clientSecret} onDoneAction={() => refreshAction(paymentId)} />;
  }
  if (state.stage === "bank") {
    return (
      <form action={formAction} aria-label="Your bank's check" className="space-y-3 rounded-lg border border-slate-300 bg-slate-50 p-4">
        <input type="hidden" name="paymentId" value={paymentId} />
        <SandboxNotice>This page stands in for your bank&apos;s 3-D Secure check.</SandboxNotice>
        <p className="text-sm text-slate-800">
          Sandbox bank: approve the payment of <span className="font-semibold tabular-nums">{amount}</span>?
        </p>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="outcome" value="succeed" pending={pending}>
            Complete authentication
          </Button>
          <Button type="submit" name="outcome" value="fail" variant="secondary" disabled={pending}>
            Fail authentication
          </Button>
        </div>
      </form>
    );
  }
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="paymentId" value={paymentId} />
      {state.done ? null : (
        <Button type="submit" pending={pending}>
          Confirm payment
        </Button>
      )}
      <FormOutcome message={state.message} done={state.done} />
    </form>
  );
}
