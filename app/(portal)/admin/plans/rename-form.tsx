"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PLAN_NAME_MAX_LENGTH } from "@/lib/plans/name-limits";
import { renamePlanAction, type RenameFormState } from "./actions";

const initial: RenameFormState = { status: "idle", message: null };

// A plan's custom name, edited in its row; empty goes back to the generated name.
export function RenameForm({ planId, customName, generatedName }: { planId: string; customName: string | null; generatedName: string }) {
  const [state, action, pending] = useActionState(renamePlanAction, initial);
  const messageId = `rename-${planId}-message`;
  return (
    <form action={action} className="flex min-w-72 flex-wrap items-center gap-2">
      <input type="hidden" name="planId" value={planId} />
      <Input
        name="customName"
        aria-label={`Custom name for ${generatedName}`}
        aria-describedby={state.message ? messageId : undefined}
        invalid={state.status === "refused"}
        defaultValue={customName ?? ""}
        placeholder="Generated name"
        maxLength={PLAN_NAME_MAX_LENGTH}
        controlSize="sm"
        className="w-56"
      />
      <Button type="submit" size="sm" variant="secondary" pending={pending}>
        Save
      </Button>
      {state.message ? (
        <span
          id={messageId}
          role={state.status === "refused" ? "alert" : "status"}
          className={state.status === "refused" ? "text-xs text-red-700" : state.status === "saved" ? "text-xs text-green-700" : "text-xs text-slate-500"}
        >
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
