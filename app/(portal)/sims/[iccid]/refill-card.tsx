"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { grantRefillAction, type RefillFormState } from "./refill-actions";

export type RefillOption = { id: string; label: string };

// Staff only: a refill from the plan's packages without a card payment. The key is new on every
// render of the page, so one submission refills once however often it is sent.
export function RefillCard({ iccid, options, idempotencyKey }: { iccid: string; options: RefillOption[]; idempotencyKey: string }) {
  const [state, action, pending] = useActionState<RefillFormState, FormData>(grantRefillAction, { message: null, done: null, values: null });
  const id = useId();
  return (
    <Card>
      <CardHeader title="Refill" description="Add one of the plan's packages without a card payment: a goodwill refill, or one paid outside the portal." />
      <CardContent>
        <form action={action} className="space-y-3">
          <input type="hidden" name="iccid" value={iccid} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <div>
            <Label htmlFor={`${id}-package`}>Package</Label>
            <Select id={`${id}-package`} name="packageId" key={`p-${state.values?.packageId ?? ""}`} defaultValue={state.values?.packageId ?? options[0]?.id}>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor={`${id}-note`}>Why</Label>
            <Input id={`${id}-note`} name="note" key={`n-${state.values?.note ?? ""}`} defaultValue={state.values?.note ?? ""} placeholder="Goodwill after the outage of 2 Dec" required />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" size="sm" variant="secondary" pending={pending}>
              Refill
            </Button>
            {state.message ? (
              <span role="alert" className="text-xs text-red-700">
                {state.message}
              </span>
            ) : null}
            {state.done ? (
              <span role="status" className="text-xs text-green-700">
                {state.done}
              </span>
            ) : null}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
