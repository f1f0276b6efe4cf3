"use client";

import Link from "next/link";
import { useActionState, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { parseWalletAmount } from "@/lib/billing/wallet-input";
import { formatMoney } from "@/lib/money";
import { FormOutcome } from "./form-outcome";
import { CONSENT_SLOTS, PAY_FORM_INITIAL, type PayFormAction, type PayFormState } from "./form-state";
import type { CardOption } from "./refill-form";

export type AutoRefillPackage = { id: string; label: string; consentLabel: string };
export type AutoRefillSettings = { enabled: boolean; thresholdMb: string; packageId: string; cardId: string; monthlyCap: string };
export type AutoRefillStatus = {
  consentAt: string | null;
  monthCharged: string | null;
  paused: { why: string; fix: string; paymentHref: string | null } | null;
};

function consentFor(template: string, pack: AutoRefillPackage | undefined, card: CardOption | undefined, cap: string, currency: string): string {
  const amount = parseWalletAmount(cap, currency, { signed: false, allowZero: false });
  return template
    .replace(CONSENT_SLOTS.package, pack?.consentLabel ?? "the chosen package")
    .replace(CONSENT_SLOTS.card, card?.label ?? "the chosen card")
    .replace(CONSENT_SLOTS.cap, amount.ok ? formatMoney(amount.minor, currency) : "the monthly limit");
}

export function AutoRefillForm({
  iccid,
  currency,
  packages,
  cards,
  saved,
  status,
  consentTemplate,
  action,
}: {
  iccid: string;
  currency: string;
  packages: AutoRefillPackage[];
  cards: CardOption[];
  saved: AutoRefillSettings;
  status: AutoRefillStatus;
  consentTemplate: string;
  action: PayFormAction;
}) {
  const [choice, setChoice] = useState(saved);
  const [state, formAction, pending] = useActionState<PayFormState, FormData>(async (previous, form) => {
    const next = await action(previous, form);
    if (next.values) setChoice({ enabled: next.values.enabled === "on", thresholdMb: next.values.thresholdMb ?? "", packageId: next.values.packageId ?? "", cardId: next.values.cardId ?? "", monthlyCap: next.values.monthlyCap ?? "" });
    return next;
  }, PAY_FORM_INITIAL);
  const id = useId();
  if (packages.length === 0) return <p className="text-sm text-slate-500">This SIM&apos;s plan has no refill packages.</p>;
  if (cards.length === 0 && !saved.enabled) {
    return (
      <p className="text-sm text-slate-600">
        Auto-refill charges a saved card:{" "}
        <Link href="/account#saved-cards" className="font-medium text-blue-700 hover:underline">
          add a card
        </Link>{" "}
        first.
      </p>
    );
  }
  const set = (patch: Partial<AutoRefillSettings>) => setChoice((c) => ({ ...c, ...patch }));
  const consent = consentFor(
    consentTemplate,
    packages.find((p) => p.id === choice.packageId),
    cards.find((c) => c.id === choice.cardId),
    choice.monthlyCap,
    currency,
  );
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="iccid" value={iccid} />
      {status.paused ? (
        <div role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">Auto-refill is paused. {status.paused.why}</p>
          <p className="mt-0.5">
            {status.paused.fix}
            {status.paused.paymentHref ? (
              <>
                {" "}
                <Link href={status.paused.paymentHref} className="font-medium underline">
                  Confirm the payment
                </Link>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      <div className="flex items-center gap-3">
        <input
          id={`${id}-enabled`}
          name="enabled"
          type="checkbox"
          role="switch"
          checked={choice.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
          className="peer size-4 rounded border-slate-300 accent-slate-900"
        />
        <Label htmlFor={`${id}-enabled`}>Auto-refill</Label>
        <span className="text-xs text-slate-500">{choice.enabled ? "On" : "Off"}</span>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-threshold`}>Refill below (MB)</Label>
          <Input
            id={`${id}-threshold`}
            name="thresholdMb"
            inputMode="numeric"
            value={choice.thresholdMb}
            onChange={(e) => set({ thresholdMb: e.target.value })}
            className="mt-1 tabular-nums"
            required={choice.enabled}
          />
        </div>
        <div>
          <Label htmlFor={`${id}-cap`}>Monthly limit ({currency})</Label>
          <Input id={`${id}-cap`} name="monthlyCap" inputMode="decimal" value={choice.monthlyCap} onChange={(e) => set({ monthlyCap: e.target.value })} className="mt-1 tabular-nums" required={choice.enabled} />
        </div>
        <div className="sm:col-span-2">
          <Label htmlFor={`${id}-package`}>Package</Label>
          <Select id={`${id}-package`} name="packageId" value={choice.packageId} onChange={(e) => set({ packageId: e.target.value })} className="mt-1">
            {packages.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="sm:col-span-2">
          <Label htmlFor={`${id}-card`}>Card</Label>
          <Select id={`${id}-card`} name="cardId" value={choice.cardId} onChange={(e) => set({ cardId: e.target.value })} className="mt-1">
            {cards.some((c) => c.id === choice.cardId) ? null : <option value={choice.cardId}>Choose a card</option>}
            {cards.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {choice.enabled ? (
        <p id={`${id}-consent`} className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          {consent}
          {status.consentAt && !status.paused ? <span className="block pt-1 text-slate-500">Agreed {status.consentAt}.</span> : null}
        </p>
      ) : null}
      {status.monthCharged ? <p className="text-xs text-slate-500">{status.monthCharged}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={pending} aria-describedby={choice.enabled ? `${id}-consent` : undefined}>
          {choice.enabled ? "Agree and save auto-refill" : "Save auto-refill"}
        </Button>
        <FormOutcome message={state.message} done={state.done} />
      </div>
    </form>
  );
}
