"use client";

import { useId, type ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

// Small labelled controls for the plan form: each shows its own error under it and points at it
// with aria-describedby, so a screen reader reads the message with the field.

export type FieldErrors = Record<string, string>;

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700">
      {message}
    </p>
  );
}

export function TextField({
  label,
  name,
  defaultValue,
  error,
  suffix,
  hint,
  inputMode = "decimal",
  className,
}: {
  label: ReactNode;
  name: string;
  defaultValue: string;
  error: string | undefined;
  suffix?: ReactNode;
  hint?: string;
  inputMode?: "decimal" | "numeric";
  className?: string;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <Input id={id} name={name} defaultValue={defaultValue} inputMode={inputMode} autoComplete="off" invalid={Boolean(error)} aria-describedby={described} />
        {suffix ? <span className="shrink-0 text-xs text-slate-500">{suffix}</span> : null}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** An amount of data with its unit: one label for the number, the unit select labelled too. */
export function DataField({
  label,
  amountName,
  unitName,
  amount,
  unit,
  error,
  className,
}: {
  label: string;
  amountName: string;
  unitName: string;
  amount: string;
  unit: string;
  error: string | undefined;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <Input id={id} name={amountName} defaultValue={amount} inputMode="decimal" autoComplete="off" invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} />
        <Select name={unitName} defaultValue={unit === "MB" ? "MB" : "GB"} aria-label={`${label} unit`} wrapperClassName="w-20 shrink-0">
          <option value="MB">MB</option>
          <option value="GB">GB</option>
        </Select>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
