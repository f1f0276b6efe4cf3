"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { setPlanRetiredAction, type RetireFormState } from "./actions";

const initial: RetireFormState = { message: null };

// Takes the plan off sale (SIMs on it keep it) or puts it back on sale.
export function RetireForm({ planId, retired }: { planId: string; retired: boolean }) {
  const [state, action, pending] = useActionState(setPlanRetiredAction, initial);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="retired" value={retired ? "false" : "true"} />
      <Button type="submit" variant="secondary" size="sm" pending={pending}>
        {retired ? "Put back on sale" : "Retire plan"}
      </Button>
      {state.message ? (
        <p role="alert" className="text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
