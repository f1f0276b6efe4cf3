"use client";

import dynamic from "next/dynamic";
import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { StripeActionResult } from "@/lib/payments/stripe/stripe-js";
import { SANDBOX_TEST_CARDS } from "@/lib/payments/sandbox/test-cards";
import { FormOutcome } from "./form-outcome";
import type { AddCardAction, AddCardState } from "./form-state";
import { SandboxNotice } from "./sandbox-notice";

// Loaded only in Stripe mode: importing @stripe/stripe-js adds Stripe's script to the page, which
// the sandbox (and every browser test) must never fetch.
const StripeCardSetup = dynamic(() => import("./stripe-card-setup").then((m) => m.StripeCardSetup), { ssr: false });

export type CardFormMode = { provider: "sandbox" } | { provider: "stripe"; publishableKey: string };

const INITIAL: AddCardState = { step: "idle", message: null, saved: null };

// "Add a card": the server makes the provider's setup, then the card is entered in the provider's
// own form (Stripe's Payment Element) or, without Stripe, in the sandbox's test-card form.
export function AddCard({
  mode,
  startAction,
  confirmSandboxAction,
  completeStripeAction,
}: {
  mode: CardFormMode;
  startAction: AddCardAction;
  confirmSandboxAction: AddCardAction;
  completeStripeAction: (setupId: string) => Promise<StripeActionResult>;
}) {
  // One state, two server actions: which one a submission goes to follows the step it was sent from.
  const [state, formAction, pending] = useActionState<AddCardState, FormData>(
    (previous, form) => (previous.step === "form" && form.get("intent") !== "cancel" ? confirmSandboxAction(previous, form) : startAction(previous, form)),
    INITIAL,
  );
  if (state.step === "idle") {
    return (
      <form action={formAction} className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" pending={pending}>
          Add a card
        </Button>
        <FormOutcome message={state.message} done={state.saved} />
      </form>
    );
  }
  const cancel = (
    <Button type="submit" name="intent" value="cancel" variant="ghost" formNoValidate>
      Cancel
    </Button>
  );
  if (mode.provider === "stripe") {
    return (
      <div className="space-y-3">
        <StripeCardSetup publishableKey={mode.publishableKey} clientSecret={state.clientSecret} setupId={state.setupId} onSavedAction={completeStripeAction} />
        <form action={formAction}>{cancel}</form>
      </div>
    );
  }
  return <SandboxCardForm state={state} formAction={formAction} pending={pending} cancel={cancel} />;
}

function SandboxCardForm({
  state,
  formAction,
  pending,
  cancel,
}: {
  state: Extract<AddCardState, { step: "form" }>;
  formAction: (form: FormData) => void;
  pending: boolean;
  cancel: React.ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const described = state.message ? `${id}-hints ${errorId}` : `${id}-hints`;
  return (
    <form action={formAction} className="space-y-4" aria-label="Card details">
      <SandboxNotice>Only Stripe&apos;s test cards are accepted here; nothing is charged.</SandboxNotice>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_7rem_6rem]">
        <div>
          <Label htmlFor={`${id}-number`}>Card number</Label>
          <Input id={`${id}-number`} name="number" inputMode="numeric" autoComplete="off" placeholder="4242 4242 4242 4242" required className="mt-1 font-mono" aria-describedby={described} invalid={state.message !== null} />
        </div>
        <div>
          <Label htmlFor={`${id}-expiry`}>Expiry (MM/YY)</Label>
          <Input id={`${id}-expiry`} name="expiry" key={state.values?.expiry ?? ""} defaultValue={state.values?.expiry ?? ""} autoComplete="off" placeholder="12/34" required className="mt-1 font-mono" />
        </div>
        <div>
          <Label htmlFor={`${id}-cvc`}>CVC</Label>
          <Input id={`${id}-cvc`} name="cvc" inputMode="numeric" autoComplete="off" placeholder="123" required className="mt-1 font-mono" />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Save card
        </Button>
        {cancel}
        <FormOutcome message={state.message} done={null} id={errorId} />
      </div>
      <details open id={`${id}-hints`} className="text-xs text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">Test cards</summary>
        <p className="mt-2">Any future expiry date and any CVC (4 digits for American Express).</p>
        <ul className="mt-1 space-y-0.5">
          {SANDBOX_TEST_CARDS.map((card) => (
            <li key={card.number}>
              <span className="font-mono text-slate-900">{card.number}</span> · {card.label}
            </li>
          ))}
        </ul>
      </details>
    </form>
  );
}
