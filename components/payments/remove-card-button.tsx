"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormOutcome } from "./form-outcome";
import { PAY_FORM_INITIAL, type PayFormAction, type PayFormState } from "./form-state";

// Removing a card turns off the auto-refills that charge it: the confirmation says so.
export function RemoveCardButton({ cardId, label, usedBy, action }: { cardId: string; label: string; usedBy: number; action: PayFormAction }) {
  const [state, formAction, pending] = useActionState<PayFormState, FormData>(action, PAY_FORM_INITIAL);
  const warning = usedBy > 0 ? ` Auto-refill of ${usedBy} SIM${usedBy === 1 ? "" : "s"} charges it and will be turned off.` : "";
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`Remove ${label}?${warning}`)) e.preventDefault();
      }}
      className="flex flex-wrap items-center justify-end gap-2"
    >
      <input type="hidden" name="cardId" value={cardId} />
      <Button type="submit" size="sm" variant="ghost" pending={pending} aria-label={`Remove ${label}`}>
        Remove
      </Button>
      <FormOutcome message={state.message} done={null} />
    </form>
  );
}
