"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormOutcome } from "./form-outcome";
import { PAY_FORM_INITIAL, type PayFormAction, type PayFormState } from "./form-state";
import type { CardOption } from "./refill-form";

// A payment with a saved card of a fixed amount (an invoice) or of an amount typed in (a wallet
// top-up). `hidden`: the record paid for, named to the action (which checks it against the session).
export function PayWithCardForm({
  hidden,
  cards,
  idempotencyKey,
  action,
  amount,
  payLabel,
}: {
  hidden: Record<string, string>;
  cards: CardOption[];
  idempotencyKey: string;
  action: PayFormAction;
  // A typed amount: its label and hint.
  amount?: { label: string; hint: string };
  payLabel: string;
}) {
  const [state, formAction, pending] = useActionState<PayFormState, FormData>(action, PAY_FORM_INITIAL);
  const id = useId();
  if (cards.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        To pay by card,{" "}
        <Link href="/account#saved-cards" className="font-medium text-blue-700 hover:underline">
          add a card
        </Link>{" "}
        on your account page first.
      </p>
    );
  }
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {amount ? (
        <div className="w-36">
          <Label htmlFor={`${id}-amount`}>{amount.label}</Label>
          <Input
            id={`${id}-amount`}
            name="amount"
            inputMode="decimal"
            required
            key={state.values?.amount ?? ""}
            defaultValue={state.values?.amount ?? ""}
            className="mt-1 text-right tabular-nums"
            aria-describedby={`${id}-hint`}
            invalid={state.message !== null}
          />
        </div>
      ) : null}
      <div className="min-w-64">
        <Label htmlFor={`${id}-card`}>Card</Label>
        <Select id={`${id}-card`} name="cardId" key={state.values?.cardId ?? ""} defaultValue={state.values?.cardId ?? cards[0]?.id} className="mt-1">
          {cards.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" pending={pending}>
        {payLabel}
      </Button>
      {amount ? (
        <p id={`${id}-hint`} className="w-full text-xs text-slate-500">
          {amount.hint}
        </p>
      ) : null}
      <FormOutcome message={state.message} done={state.done} />
    </form>
  );
}
