"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormOutcome } from "./form-outcome";
import { PAY_FORM_INITIAL, type PayFormAction, type PayFormState } from "./form-state";
import type { CardOption } from "./refill-form";

// Company admins: the card each subscription invoice is charged to when it is issued, or none.
export function InvoiceCardForm({ cards, current, action }: { cards: CardOption[]; current: string | null; action: PayFormAction }) {
  const [state, formAction, pending] = useActionState<PayFormState, FormData>(action, PAY_FORM_INITIAL);
  const selected = state.values?.cardId ?? current ?? "";
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64">
        <Label htmlFor="invoice-card">Charge issued invoices to</Label>
        <Select id="invoice-card" name="cardId" key={selected} defaultValue={selected} className="mt-1">
          <option value="">Don&apos;t charge automatically (pay each invoice on its page)</option>
          {cards.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary" pending={pending}>
        Save
      </Button>
      <FormOutcome message={state.message} done={state.done} />
    </form>
  );
}
