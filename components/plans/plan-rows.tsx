"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { PlanFormValues } from "@/lib/plans/plan-form-values";
import { FieldError, type FieldErrors } from "./plan-fields";

// The plan form's repeating rows. Inputs are uncontrolled and keyed by a row id, so removing a
// row in the middle keeps what was typed in the others; they submit as same-named fields in
// order, which is how the action reads them back (and how errors find their row: by index).

type Keyed<T> = T & { key: number };

function useRows<T>(initial: T[], blank: T) {
  const [rows, setRows] = useState<Keyed<T>[]>(() => initial.map((row, i) => ({ ...row, key: i })));
  const [next, setNext] = useState(initial.length);
  return {
    rows,
    add: () => {
      setRows((current) => [...current, { ...blank, key: next }]);
      setNext(next + 1);
    },
    remove: (key: number) => setRows((current) => current.filter((row) => row.key !== key)),
  };
}

const rowError = (errors: FieldErrors, prefix: string, i: number, field: string) => errors[`${prefix}.${i}.${field}`];

function RowMessages({ id, messages }: { id: string; messages: (string | undefined)[] }) {
  const shown = messages.filter((m): m is string => Boolean(m));
  return shown.length === 0 ? null : <FieldError id={id} message={shown.join(" ")} />;
}

export function RefillPackageRows({ initial, errors, currency, max }: { initial: PlanFormValues["refillPackages"]; errors: FieldErrors; currency: string; max: number }) {
  const { rows, add, remove } = useRows(initial, { dataAmount: "", dataUnit: "GB", validityDays: "30", price: "" });
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-slate-600">Refill packages</legend>
      <p className="text-xs text-slate-500">What an end user can buy to add data and days (up to {max}).</p>
      {rows.length === 0 ? <p className="text-sm text-slate-500">No refill packages.</p> : null}
      {rows.map((row, i) => {
        const n = i + 1;
        const messageId = `refill-${row.key}-error`;
        const [data, days, price] = ["data", "validityDays", "price"].map((f) => rowError(errors, "refillPackages", i, f));
        const describedBy = data || days || price ? messageId : undefined;
        return (
          <div key={row.key} className="rounded-md border border-slate-200 p-2">
            <div className="flex flex-wrap items-center gap-2">
              <Input name="refillDataAmount" defaultValue={row.dataAmount} aria-label={`Package ${n} data`} inputMode="decimal" invalid={Boolean(data)} aria-describedby={describedBy} className="w-24" />
              <Select name="refillDataUnit" defaultValue={row.dataUnit === "MB" ? "MB" : "GB"} aria-label={`Package ${n} data unit`} wrapperClassName="w-20">
                <option value="MB">MB</option>
                <option value="GB">GB</option>
              </Select>
              <Input name="refillValidityDays" defaultValue={row.validityDays} aria-label={`Package ${n} validity in days`} inputMode="numeric" invalid={Boolean(days)} aria-describedby={describedBy} className="w-20" />
              <span className="text-xs text-slate-500">days for</span>
              <Input name="refillPrice" defaultValue={row.price} aria-label={`Package ${n} price in ${currency}`} inputMode="decimal" invalid={Boolean(price)} aria-describedby={describedBy} className="w-28" />
              <span className="text-xs text-slate-500">{currency}</span>
              <Button size="sm" variant="ghost" onClick={() => remove(row.key)} aria-label={`Remove package ${n}`}>
                Remove
              </Button>
            </div>
            <RowMessages id={messageId} messages={[data, days, price]} />
          </div>
        );
      })}
      <FieldError id="refill-packages-error" message={errors.refillPackages} />
      <Button size="sm" variant="secondary" onClick={add} disabled={rows.length >= max}>
        Add refill package
      </Button>
    </fieldset>
  );
}

export function CountryRateRows({
  initial,
  errors,
  currency,
  countries,
  max,
}: {
  initial: PlanFormValues["countryRates"];
  errors: FieldErrors;
  currency: string;
  countries: ReadonlyArray<{ code: string; name: string }>;
  max: number;
}) {
  const { rows, add, remove } = useRows(initial, { country: "", perMb: "" });
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-slate-600">Prices by country</legend>
      <p className="text-xs text-slate-500">Usage in these countries is charged at their price; elsewhere the default price applies.</p>
      {rows.length === 0 ? <p className="text-sm text-slate-500">No country prices: the default price applies everywhere.</p> : null}
      {rows.map((row, i) => {
        const n = i + 1;
        const messageId = `rate-${row.key}-error`;
        const [country, perMb] = ["country", "perMb"].map((f) => rowError(errors, "countryRates", i, f));
        const describedBy = country || perMb ? messageId : undefined;
        return (
          <div key={row.key} className="rounded-md border border-slate-200 p-2">
            <div className="flex flex-wrap items-center gap-2">
              <Select name="rateCountry" defaultValue={row.country} aria-label={`Country ${n}`} invalid={Boolean(country)} aria-describedby={describedBy} wrapperClassName="w-56">
                <option value="">Choose a country</option>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </Select>
              <Input name="ratePerMb" defaultValue={row.perMb} aria-label={`Country ${n} price per MB in ${currency}`} inputMode="decimal" invalid={Boolean(perMb)} aria-describedby={describedBy} className="w-32" />
              <span className="text-xs text-slate-500">{currency}/MB</span>
              <Button size="sm" variant="ghost" onClick={() => remove(row.key)} aria-label={`Remove country ${n}`}>
                Remove
              </Button>
            </div>
            <RowMessages id={messageId} messages={[country, perMb]} />
          </div>
        );
      })}
      <FieldError id="country-rates-error" message={errors.countryRates} />
      <Button size="sm" variant="secondary" onClick={add} disabled={rows.length >= max}>
        Add country price
      </Button>
    </fieldset>
  );
}
