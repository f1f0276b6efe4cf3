"use client";

import Link from "next/link";
import { useActionState, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormOutcome } from "./form-outcome";
import { PAY_FORM_INITIAL, type PayFormAction, type PayFormState } from "./form-state";

export type PackageOption = { id: string; label: string; price: string };
export type CardOption = { id: string; label: string };

// "Refill now": one of the plan's packages, paid with a saved card. The idempotency key is made
// when the page is rendered (a new one after each answer), so a double submit pays once.
export function RefillForm({
  iccid,
  packages,
  cards,
  idempotencyKey,
  action,
}: {
  iccid: string;
  packages: PackageOption[];
  cards: CardOption[];
  idempotencyKey: string;
  action: PayFormAction;
}) {
  const [state, formAction, pending] = useActionState<PayFormState, FormData>(action, PAY_FORM_INITIAL);
  const id = useId();
  const [packageId, setPackageId] = useState(packages[0]?.id ?? "");
  // The package on screen (what the Pay button prices): the submitted one is the same until the
  // select is changed again.
  const chosen = packages.find((p) => p.id === packageId) ?? packages[0];
  if (packages.length === 0) return <p className="text-sm text-slate-500">This SIM&apos;s plan has no refill packages.</p>;
  if (cards.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        To refill by card, first{" "}
        <Link href="/account#saved-cards" className="font-medium text-blue-700 hover:underline">
          add a card
        </Link>
        .
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="iccid" value={iccid} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div>
        <Label htmlFor={`${id}-package`}>Package</Label>
        {/* Keyed: React applies a select's defaultValue only when it mounts, and resets forms to it. */}
        <Select
          id={`${id}-package`}
          name="packageId"
          key={`p-${state.values?.packageId ?? ""}`}
          defaultValue={state.values?.packageId ?? packageId}
          onChange={(e) => setPackageId(e.target.value)}
          className="mt-1"
        >
          {packages.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor={`${id}-card`}>Card</Label>
        <Select id={`${id}-card`} name="cardId" key={`c-${state.values?.cardId ?? ""}`} defaultValue={state.values?.cardId ?? cards[0]?.id} className="mt-1">
          {cards.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" pending={pending}>
          Pay {chosen?.price}
        </Button>
        <FormOutcome message={state.message} done={state.done} />
      </div>
    </form>
  );
}
