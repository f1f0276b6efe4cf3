"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { recordWalletCreditAction, setWalletMinimumAction, type WalletFormState } from "./actions";

const fieldLabel = "flex flex-col gap-1 text-xs font-medium text-slate-600";
const initial: WalletFormState = { message: null, done: null, values: null };

function Outcome({ state, id }: { state: WalletFormState; id: string }) {
  if (state.message)
    return (
      <p id={id} role="alert" className="w-full text-sm text-red-700">
        {state.message}
      </p>
    );
  if (state.done)
    return (
      <p role="status" className="w-full text-sm text-green-700">
        {state.done}
      </p>
    );
  return null;
}

// Staff: the balance below which the company's PAYGO SIMs in this currency are suspended.
export function MinimumForm({ walletId, currency, current }: { walletId: string; currency: string; current: string }) {
  const [state, action, pending] = useActionState<WalletFormState, FormData>(setWalletMinimumAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="walletId" value={walletId} />
      <label htmlFor="wallet-minimum" className={fieldLabel}>
        Minimum balance ({currency})
        <Input
          id="wallet-minimum"
          name="minimum"
          inputMode="decimal"
          required
          defaultValue={state.values?.minimum ?? current}
          className="w-36 text-right tabular-nums"
          invalid={Boolean(state.message)}
          aria-describedby={state.message ? "wallet-minimum-error" : "wallet-minimum-hint"}
        />
      </label>
      <Button type="submit" variant="secondary" pending={pending}>
        Save minimum
      </Button>
      <p id="wallet-minimum-hint" className="w-full text-xs text-slate-500">
        Negative for a credit line, e.g. -50.00. SIMs suspended for lack of funds resume once the balance is back at or above it.
      </p>
      <Outcome state={state} id="wallet-minimum-error" />
    </form>
  );
}

// Staff: money received outside the portal (bank transfer…) or a correction of either sign.
export function CreditForm({ walletId, currency, idempotencyKey, noteMaxLength }: { walletId: string; currency: string; idempotencyKey: string; noteMaxLength: number }) {
  const [kind, setKind] = useState<"top_up" | "adjustment">("top_up");
  // The select is uncontrolled (React resets it to its default after each submission): the label
  // and placeholders follow what the form shows once the result is in.
  const [state, action, pending] = useActionState<WalletFormState, FormData>(async (previous, form) => {
    const next = await recordWalletCreditAction(previous, form);
    setKind(next.values?.kind === "adjustment" ? "adjustment" : "top_up");
    return next;
  }, initial);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="walletId" value={walletId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <label htmlFor="credit-kind" className={fieldLabel}>
        Entry
        {/* Keyed: React applies a select's defaultValue only when it mounts, and resets forms to it. */}
        <Select
          key={state.values?.kind ?? ""}
          id="credit-kind"
          name="kind"
          defaultValue={state.values?.kind === "adjustment" ? "adjustment" : "top_up"}
          onChange={(e) => setKind(e.target.value === "adjustment" ? "adjustment" : "top_up")}
          wrapperClassName="w-40"
        >
          <option value="top_up">Top-up</option>
          <option value="adjustment">Adjustment</option>
        </Select>
      </label>
      <label htmlFor="credit-amount" className={fieldLabel}>
        Amount ({currency})
        <Input
          id="credit-amount"
          name="amount"
          inputMode="decimal"
          required
          defaultValue={state.values?.amount}
          placeholder={kind === "adjustment" ? "-12.50 or 12.50" : "100.00"}
          className="w-36 text-right tabular-nums"
          invalid={Boolean(state.message)}
          aria-describedby={state.message ? "credit-error" : undefined}
        />
      </label>
      <label htmlFor="credit-note" className={`${fieldLabel} min-w-64 flex-1`}>
        Note
        <Input
          id="credit-note"
          name="note"
          required
          minLength={3}
          maxLength={noteMaxLength}
          defaultValue={state.values?.note}
          placeholder={kind === "adjustment" ? "Why the balance is corrected" : "Bank transfer reference"}
        />
      </label>
      <Button type="submit" pending={pending}>
        {kind === "adjustment" ? "Record adjustment" : "Record top-up"}
      </Button>
      <Outcome state={state} id="credit-error" />
    </form>
  );
}
