"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { requestSimSwapAction, type SwapFormState } from "./swap-actions";

// The new SIM's ICCID, typed off its card; the SIM goes Pending while the operator moves the line.
export function SwapForm({ iccid }: { iccid: string }) {
  const [state, action, pending] = useActionState<SwapFormState, FormData>(requestSimSwapAction, { message: null, newIccid: "" });
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="iccid" value={iccid} />
      <Label htmlFor={id}>New SIM&apos;s ICCID</Label>
      <Input
        id={id}
        name="newIccid"
        // Keyed by the answer so a refused ICCID stays in the field to be corrected.
        key={state.newIccid}
        defaultValue={state.newIccid}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="89…"
        required
        invalid={state.message !== null}
        aria-describedby={state.message ? `${hintId} ${errorId}` : hintId}
        className="font-mono"
      />
      <p id={hintId} className="text-xs text-slate-500">
        A Blank physical SIM of the same operator, without a plan or end user. Spaces and dashes are ignored.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={pending}>
          Swap SIM
        </Button>
        {state.message ? (
          <span id={errorId} role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
