"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { CREDIT_REASON_MAX_LENGTH } from "@/lib/billing/credit-limits";
import { createCreditNoteAction, type CreditNoteFormState } from "./actions";

// Staff credit an issued invoice in full; the reason is printed on the credit note.
export function CreditNoteForm({ invoiceId }: { invoiceId: string }) {
  const [state, action, pending] = useActionState<CreditNoteFormState, FormData>(createCreditNoteAction, { message: null });
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <Label htmlFor="credit-reason">Reason</Label>
      <textarea
        id="credit-reason"
        name="reason"
        required
        minLength={3}
        maxLength={CREDIT_REASON_MAX_LENGTH}
        rows={2}
        aria-describedby={state.message ? "credit-error" : undefined}
        placeholder="What was wrong with this invoice?"
        className="block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-slate-900 focus:outline-none"
      />
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" variant="danger" pending={pending}>
          Issue credit note
        </Button>
        {state.message ? (
          <span id="credit-error" role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
