"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { refundPaymentAction, type RefundFormState } from "./actions";

const initial: RefundFormState = { message: null, done: null, values: null };

// Staff give back part or all of a payment. The key is the page's: a second press of the button,
// or the same form sent again after a timeout, refunds once.
export function RefundForm({ paymentId, idempotencyKey, currency, left, leftLabel, reasonMaxLength }: { paymentId: string; idempotencyKey: string; currency: string; left: string; leftLabel: string; reasonMaxLength: number }) {
  const [state, action, pending] = useActionState<RefundFormState, FormData>(refundPaymentAction, initial);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div className="flex flex-wrap items-start gap-3">
        <div>
          <Label htmlFor="refund-amount">Amount ({currency})</Label>
          <Input
            id="refund-amount"
            name="amount"
            inputMode="decimal"
            required
            defaultValue={state.values?.amount}
            placeholder={left}
            className="mt-1 w-36 text-right tabular-nums"
            invalid={Boolean(state.message)}
            aria-describedby={state.message ? "refund-error refund-amount-hint" : "refund-amount-hint"}
          />
          <p id="refund-amount-hint" className="mt-1 text-xs text-slate-500">
            At most {leftLabel}
          </p>
        </div>
        <div className="min-w-64 flex-1">
          <Label htmlFor="refund-reason">Reason</Label>
          <Input
            id="refund-reason"
            name="reason"
            required
            minLength={3}
            maxLength={reasonMaxLength}
            defaultValue={state.values?.reason}
            placeholder="Why the money goes back, e.g. SIM left its prepaid plan before the refill"
            className="mt-1"
          />
          <p className="mt-1 text-xs text-slate-500">Kept in the audit log with the refund.</p>
        </div>
        <Button type="submit" variant="danger" pending={pending} className="mt-6">
          Refund
        </Button>
      </div>
      {state.message ? (
        <p id="refund-error" role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.done ? (
        <p role="status" className="text-sm text-green-700">
          {state.done}
        </p>
      ) : null}
    </form>
  );
}
