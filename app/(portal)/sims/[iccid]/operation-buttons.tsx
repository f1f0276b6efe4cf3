"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { OperationKind } from "@/lib/sims/operations";
import { requestSimOperationAction, type OperationFormState } from "./actions";

const LABELS: Record<OperationKind, string> = { activate: "Activate", suspend: "Suspend", resume: "Resume" };

export function OperationButtons({ iccid, kinds }: { iccid: string; kinds: readonly OperationKind[] }) {
  const [state, action, pending] = useActionState<OperationFormState, FormData>(requestSimOperationAction, { message: null });
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="iccid" value={iccid} />
      {kinds.map((kind) => (
        <Button key={kind} type="submit" name="kind" value={kind} variant={kind === "suspend" ? "secondary" : "primary"} pending={pending}>
          {LABELS[kind]}
        </Button>
      ))}
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
