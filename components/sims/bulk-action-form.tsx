"use client";

import { type ReactNode, useActionState, useEffect, useState } from "react";
import { createBulkJobAction, type BulkFormState } from "@/app/(portal)/sims/bulk-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { BulkActionChoice } from "@/lib/sims/bulk/actions";
import { BULK_FORM_ID } from "./bulk-form-id";

// The choice that takes a plan or company off, distinct from "nothing chosen".
const REMOVE = "none";
const ROW_BOXES = `input[type="checkbox"][name="iccid"][form="${BULK_FORM_ID}"]`;

type Option = { id: string; name: string };
export type BulkOptions = { plans: Option[]; companies: Option[]; labels: Option[] };

// The bulk bar above the SIMs table. Row checkboxes live in the (server-rendered) table and join
// this form through their `form` attribute; this component only counts them.
// `formKey`: one per page view (made by the server), so a double click or a resent request finds
// the job already made.
export function BulkActionForm({
  choices,
  view,
  viewCount,
  options,
  formKey,
}: {
  choices: BulkActionChoice[];
  view: string;
  viewCount: number;
  options: BulkOptions;
  formKey: string;
}) {
  const [state, action, pending] = useActionState<BulkFormState, FormData>(createBulkJobAction, { message: null });
  const [kind, setKind] = useState(choices[0]?.kind ?? "");
  const [selected, setSelected] = useState(0);
  const [target, setTarget] = useState<"selected" | "view">("selected");
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const count = () => setSelected(document.querySelectorAll(`${ROW_BOXES}:checked`).length);
    count();
    document.addEventListener("change", count);
    return () => document.removeEventListener("change", count);
  }, []);

  const choice = choices.find((c) => c.kind === kind);
  const effectiveTarget = selected === 0 ? "view" : target;
  const affected = effectiveTarget === "selected" ? selected : viewCount;
  const simsText = `${affected.toLocaleString("en-US")} SIM${affected === 1 ? "" : "s"}`;

  return (
    <form
      id={BULK_FORM_ID}
      action={action}
      onSubmit={(event) => {
        // Acting on more than a page asks once more, naming how many SIMs it will touch.
        if (effectiveTarget === "view" && !confirming) {
          event.preventDefault();
          setConfirming(true);
        }
      }}
      className="mb-3 flex flex-wrap items-end gap-x-3 gap-y-2 rounded-lg border border-slate-200 bg-white px-3 py-2.5 shadow-xs"
      aria-label="Bulk action"
    >
      <input type="hidden" name="key" value={formKey} />
      <input type="hidden" name="view" value={view} />
      <input type="hidden" name="target" value={effectiveTarget} />
      <Field id="bulk-kind" label="Action">
        <Select
          id="bulk-kind"
          name="kind"
          controlSize="sm"
          value={kind}
          onChange={(e) => (setKind(e.target.value), setConfirming(false))}
          wrapperClassName="w-56"
        >
          {choices.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      {choice ? <ActionInput input={choice.input} options={options} /> : null}
      <fieldset className="flex items-center gap-3 pb-1 text-sm text-slate-700">
        <legend className="sr-only">Which SIMs</legend>
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="which"
            checked={effectiveTarget === "selected"}
            disabled={selected === 0}
            onChange={() => (setTarget("selected"), setConfirming(false))}
          />
          Selected ({selected.toLocaleString("en-US")})
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="which" checked={effectiveTarget === "view"} onChange={() => (setTarget("view"), setConfirming(false))} />
          All {viewCount.toLocaleString("en-US")} in this view
        </label>
      </fieldset>
      <Button type="submit" size="sm" variant={confirming ? "danger" : "primary"} pending={pending} disabled={affected === 0 || !choice}>
        {confirming ? `Confirm: ${choice?.label.toLowerCase()} on ${simsText}` : `Run on ${simsText}`}
      </Button>
      {confirming ? (
        <Button type="button" size="sm" variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      ) : null}
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

function ActionInput({ input, options }: { input: BulkActionChoice["input"]; options: BulkOptions }) {
  switch (input) {
    case "none":
      return null;
    case "plan":
      return <OptionSelect name="planId" label="Plan to assign" blank="No plan (remove)" options={options.plans} />;
    case "company":
      return <OptionSelect name="companyId" label="Company to assign" blank="No company (remove)" options={options.companies} />;
    case "labels":
      return <OptionSelect name="labelId" label="Which label" options={options.labels} />;
    case "email":
      return (
        <Field id="bulk-email" label="End user e-mail">
          <Input id="bulk-email" name="email" type="email" required controlSize="sm" placeholder="name@example.com" className="w-64" />
        </Field>
      );
  }
}

// The label beside its control, not around it: a label around a <select> also holds its options'
// text, which then reads as part of the label.
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

function OptionSelect({ name, label, blank, options }: { name: string; label: string; blank?: string; options: Option[] }) {
  return (
    <Field id={`bulk-${name}`} label={label}>
      <Select id={`bulk-${name}`} name={name} controlSize="sm" required defaultValue="" wrapperClassName="w-60">
        <option value="" disabled>
          Choose…
        </option>
        {blank ? <option value={REMOVE}>{blank}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

// The header checkbox: selects or clears every row on this page.
export function SelectAllRows() {
  return (
    <input
      type="checkbox"
      aria-label="Select every SIM on this page"
      className="size-4 rounded border-slate-300"
      onChange={(event) => {
        for (const box of document.querySelectorAll<HTMLInputElement>(ROW_BOXES)) box.checked = event.target.checked;
        event.target.dispatchEvent(new Event("change", { bubbles: true }));
      }}
    />
  );
}
