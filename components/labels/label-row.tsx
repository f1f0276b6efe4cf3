"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { DeleteLabelState, UpdateLabelState } from "@/app/(portal)/labels/actions";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { LABEL_NAME_MAX } from "@/lib/labels/limits";
import { ColorSwatches } from "./color-swatches";
import { LabelBadge } from "./label-badge";

type UpdateAction = (previous: UpdateLabelState, form: FormData) => Promise<UpdateLabelState>;
type DeleteAction = (previous: DeleteLabelState, form: FormData) => Promise<DeleteLabelState>;
export type LabelRowItem = { id: string; name: string; color: string; simCount: number; editable: boolean };

const sims = (n: number) => `${n.toLocaleString("en-US")} SIM${n === 1 ? "" : "s"}`;

// One label: shown with its SIM count; edited in place; deleted only after a second, explicit
// confirmation that says how many SIMs lose it.
export function LabelRow({ label, updateAction, deleteAction }: { label: LabelRowItem; updateAction: UpdateAction; deleteAction: DeleteAction }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  return (
    <li className="px-4 py-3">
      {mode === "edit" ? (
        <EditLabel label={label} action={updateAction} onDone={() => setMode("view")} />
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex min-w-0 items-center gap-3">
            <LabelBadge name={label.name} color={label.color} />
            <Link
              href={`/sims?label=${label.id}`}
              className="shrink-0 rounded text-sm text-slate-500 underline-offset-2 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
            >
              {sims(label.simCount)}
              <span className="sr-only"> labelled {label.name}</span>
            </Link>
          </div>
          {label.editable && mode === "view" ? (
            <div className="flex items-center gap-2">
              <Button size="sm" variant="secondary" onClick={() => setMode("edit")} aria-label={`Edit ${label.name}`}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setMode("delete")} aria-label={`Delete ${label.name}`}>
                Delete
              </Button>
            </div>
          ) : null}
          {mode === "delete" ? <ConfirmDelete label={label} action={deleteAction} onCancel={() => setMode("view")} /> : null}
        </div>
      )}
    </li>
  );
}

function EditLabel({ label, action, onDone }: { label: LabelRowItem; action: UpdateAction; onDone: () => void }) {
  const [state, formAction, pending] = useActionState<UpdateLabelState, FormData>(async (previous, form) => {
    const next = await action(previous, form);
    if (next.saved) onDone();
    return next;
  }, { message: null, saved: false });
  const nameId = `label-name-${label.id}`;
  return (
    <form action={formAction} className="space-y-3" aria-label={`Edit ${label.name}`}>
      <input type="hidden" name="labelId" value={label.id} />
      <div className="max-w-sm">
        <Label htmlFor={nameId}>Name</Label>
        <Input id={nameId} name="name" required maxLength={LABEL_NAME_MAX} defaultValue={label.name} className="mt-1.5" invalid={state.message !== null} autoFocus />
      </div>
      <ColorSwatches value={label.color} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" pending={pending}>
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        {state.message ? (
          <span role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function ConfirmDelete({ label, action, onCancel }: { label: LabelRowItem; action: DeleteAction; onCancel: () => void }) {
  const [state, formAction, pending] = useActionState<DeleteLabelState, FormData>(action, { message: null });
  return (
    <form action={formAction} role="group" aria-label={`Delete ${label.name}`} className="w-full rounded-md border border-red-200 bg-red-50 px-3 py-2">
      <input type="hidden" name="labelId" value={label.id} />
      <p className="text-sm text-red-900">
        Delete “{label.name}”?{" "}
        {label.simCount > 0 ? `It comes off ${sims(label.simCount)}. ` : null}
        This cannot be undone.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" variant="danger" pending={pending}>
          Delete label
        </Button>
        <Button size="sm" variant="secondary" onClick={onCancel} disabled={pending} autoFocus>
          Keep it
        </Button>
        {state.message ? (
          <span role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
