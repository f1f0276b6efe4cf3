"use client";

import { useActionState } from "react";
import { LabelBadge } from "@/components/labels/label-badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { SimLabelChoices } from "@/db/queries/labels";
import type { SimLabelState } from "./label-actions";

type Action = (previous: SimLabelState, form: FormData) => Promise<SimLabelState>;

const INITIAL: SimLabelState = { message: null };

function Message({ state }: { state: SimLabelState }) {
  return state.message ? (
    <p role="alert" className="text-xs text-red-700">
      {state.message}
    </p>
  ) : null;
}

// The SIM's labels with a remove button each (platform labels stay for a company admin: they are
// staff's), and a choice of the labels still available to add.
export function LabelPicker({ iccid, choices, addAction, removeAction }: { iccid: string; choices: SimLabelChoices; addAction: Action; removeAction: Action }) {
  const [removed, remove, removing] = useActionState(removeAction, INITIAL);
  const [added, add, adding] = useActionState(addAction, INITIAL);
  const { labels, available, retired } = choices;
  return (
    <div className="space-y-3">
      {labels.length === 0 ? (
        <p className="text-sm text-slate-500">No labels.</p>
      ) : (
        <form action={remove} className="space-y-2">
          <input type="hidden" name="iccid" value={iccid} />
          <ul className="flex flex-wrap gap-1.5" aria-label="Labels on this SIM">
            {labels.map((label) => (
              <li key={label.id} className="inline-flex items-center gap-0.5">
                <LabelBadge name={label.name} color={label.color} />
                {label.removable && !retired ? (
                  <button
                    type="submit"
                    name="labelId"
                    value={label.id}
                    disabled={removing}
                    aria-label={`Remove label ${label.name}`}
                    title={`Remove ${label.name}`}
                    className="inline-flex size-5 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-slate-900 disabled:opacity-50"
                  >
                    <svg viewBox="0 0 16 16" fill="none" aria-hidden="true" className="size-3">
                      <path d="m4 4 8 8m0-8-8 8" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
                    </svg>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <Message state={removed} />
        </form>
      )}
      {retired ? (
        <p className="text-xs text-slate-500">This SIM was retired by a SIM swap; its labels no longer change.</p>
      ) : available.length === 0 ? (
        <p className="text-xs text-slate-500">{labels.length === 0 ? "There are no labels to add yet." : "Every label this SIM can take is on it."}</p>
      ) : (
        <form action={add} className="space-y-2">
          <input type="hidden" name="iccid" value={iccid} />
          <div className="flex items-center gap-2">
            <Select name="labelId" aria-label="Label to add" controlSize="sm" wrapperClassName="min-w-0 flex-1" required defaultValue="">
              <option value="" disabled>
                Choose a label…
              </option>
              {available.map((label) => (
                <option key={label.id} value={label.id}>
                  {label.companyId === null && available.some((l) => l.companyId !== null) ? `${label.name} (platform)` : label.name}
                </option>
              ))}
            </Select>
            <Button type="submit" size="sm" variant="secondary" pending={adding}>
              Add label
            </Button>
          </div>
          <Message state={added} />
        </form>
      )}
    </div>
  );
}
