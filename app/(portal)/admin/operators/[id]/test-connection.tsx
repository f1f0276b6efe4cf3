"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { testConnectionAction, type ConnectionTestState } from "./actions";

const initialState: ConnectionTestState = { status: "idle" };

function elapsed(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// Calls the operator once through its driver (timeouts and retries included) and shows what it
// said. Nothing is stored: the result lives in this form only.
export function TestConnection({ operatorId, integrated }: { operatorId: string; integrated: boolean }) {
  const [state, formAction, pending] = useActionState(testConnectionAction, initialState);

  if (!integrated) {
    return <p className="text-sm text-slate-500">Choose a driver below to test a connection.</p>;
  }
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="operatorId" value={operatorId} />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" pending={pending}>
          {pending ? "Testing…" : "Test connection"}
        </Button>
        <span className="text-xs text-slate-500">Uses the saved settings; changes nothing.</span>
      </div>
      <div aria-live="polite">
        {state.status === "ok" ? (
          <div className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
            <p className="font-medium">Connected in {elapsed(state.ms)}</p>
            <p className="mt-0.5 break-words">{state.detail}</p>
            <p className="mt-1 text-xs text-green-800/80">Tested {state.testedAt}</p>
          </div>
        ) : null}
        {state.status === "failed" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">
              Failed after {elapsed(state.ms)} <span className="font-mono text-xs font-normal">({state.kind})</span>
            </p>
            <p className="mt-0.5 break-words whitespace-pre-line">{state.message}</p>
            <p className="mt-1 text-xs text-red-800/80">Tested {state.testedAt}</p>
          </div>
        ) : null}
      </div>
    </form>
  );
}
