"use client";

import { useActionState, useState } from "react";
import { SIM_TYPE_LABELS } from "@/components/sims/sim-type-badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { RATE_EXTRA_DECIMALS, SUPPORTED_CURRENCIES } from "@/lib/plans/plan-amounts";
import { INITIAL_PLAN_FORM_STATE, type PlanFormState, type PlanFormValues } from "@/lib/plans/plan-form-values";
import { DataField, FieldError, type FieldErrors, TextField } from "./plan-fields";
import { CountryRateRows, RefillPackageRows } from "./plan-rows";

// Creates a plan (operator, type and currency chosen here) or changes one's terms (those three
// fixed). All three types' fields stay mounted and only the chosen one shows, so switching type
// back and forth keeps what was typed.

type Operator = { id: string; name: string; currency: string };
const TYPES = ["prepaid", "subscription", "paygo"] as const;

export type PlanFormProps = {
  action: (state: PlanFormState, form: FormData) => Promise<PlanFormState>;
  initial: PlanFormValues;
  countries: ReadonlyArray<{ code: string; name: string }>;
  limits: { refillPackages: number; countryRates: number };
  // Creating: the operators to choose from. Editing: the plan's id and the fixed facts.
  operators?: Operator[];
  edit?: { planId: string; operatorName: string };
  submitLabel: string;
};

export function PlanForm(props: PlanFormProps) {
  const [state, formAction, pending] = useActionState(props.action, INITIAL_PLAN_FORM_STATE);
  return (
    // Remounted after each submission so every field starts from what was just sent.
    <form action={formAction} noValidate key={state.attempt} className="space-y-6">
      {state.message ? (
        <p
          role={state.status === "refused" ? "alert" : "status"}
          className={
            state.status === "refused"
              ? "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
              : "rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
          }
        >
          {state.message}
        </p>
      ) : null}
      <PlanFormBody {...props} values={state.values ?? props.initial} errors={state.fieldErrors} />
      <Button type="submit" pending={pending}>
        {props.submitLabel}
      </Button>
    </form>
  );
}

function PlanFormBody({ values, errors, operators = [], edit, countries, limits }: PlanFormProps & { values: PlanFormValues; errors: FieldErrors }) {
  const [type, setType] = useState(values.type);
  const [currency, setCurrency] = useState(values.currency);
  const onOperator = (id: string) => {
    // A plan is usually priced in its operator's currency: follow the operator until staff pick one.
    const operator = operators.find((o) => o.id === id);
    if (operator) setCurrency(operator.currency);
  };
  return (
    <>
      {edit ? (
        <>
          <input type="hidden" name="planId" value={edit.planId} />
          <input type="hidden" name="operatorId" value={values.operatorId} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="currency" value={currency} />
          <p className="text-sm text-slate-600">
            {edit.operatorName} · {SIM_TYPE_LABELS[type as (typeof TYPES)[number]] ?? type} · {currency}
          </p>
        </>
      ) : (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="plan-operator" className="block text-xs font-medium text-slate-600">
              Operator
            </label>
            <Select
              id="plan-operator"
              name="operatorId"
              defaultValue={values.operatorId}
              onChange={(e) => onOperator(e.target.value)}
              invalid={Boolean(errors.operatorId)}
              aria-describedby={errors.operatorId ? "plan-operator-error" : undefined}
              wrapperClassName="mt-1"
            >
              <option value="">Choose an operator</option>
              {operators.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.currency})
                </option>
              ))}
            </Select>
            <FieldError id="plan-operator-error" message={errors.operatorId} />
          </div>
          <div>
            <label htmlFor="plan-currency" className="block text-xs font-medium text-slate-600">
              Currency
            </label>
            <Select
              id="plan-currency"
              name="currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
              invalid={Boolean(errors.currency)}
              aria-describedby={errors.currency ? "plan-currency-error" : undefined}
              wrapperClassName="mt-1"
            >
              <option value="">Choose a currency</option>
              {SUPPORTED_CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </Select>
            <FieldError id="plan-currency-error" message={errors.currency} />
          </div>
          <fieldset className="sm:col-span-2">
            <legend className="text-xs font-medium text-slate-600">Type</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {TYPES.map((t) => (
                <label key={t} className="flex items-center gap-2 text-sm text-slate-800">
                  <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} className="size-4 accent-slate-900" />
                  {SIM_TYPE_LABELS[t]}
                </label>
              ))}
            </div>
            <FieldError id="plan-type-error" message={errors.type} />
          </fieldset>
        </div>
      )}
      <TermsFields type={type} currency={currency || "…"} values={values} errors={errors} countries={countries} limits={limits} />
    </>
  );
}

function TermsFields({
  type,
  currency,
  values,
  errors,
  countries,
  limits,
}: {
  type: string;
  currency: string;
  values: PlanFormValues;
  errors: FieldErrors;
  countries: PlanFormProps["countries"];
  limits: PlanFormProps["limits"];
}) {
  const rateHint = `Up to ${RATE_EXTRA_DECIMALS} more decimals than the currency's, e.g. 0.0001.`;
  return (
    <>
      <div hidden={type !== "prepaid"} className="space-y-4 border-t border-slate-100 pt-4">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <TextField label="Price" name="price" defaultValue={values.price} error={errors.price} suffix={currency} />
          <DataField label="Data" amountName="dataAmount" unitName="dataUnit" amount={values.dataAmount} unit={values.dataUnit} error={errors.data} />
          <TextField label="Validity" name="validityDays" defaultValue={values.validityDays} error={errors.validityDays} suffix="days" inputMode="numeric" />
        </div>
        <RefillPackageRows initial={values.refillPackages} errors={errors} currency={currency} max={limits.refillPackages} />
      </div>
      <div hidden={type !== "subscription"} className="border-t border-slate-100 pt-4">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <TextField label="Monthly fee" name="monthlyFee" defaultValue={values.monthlyFee} error={errors.monthlyFee} suffix={currency} />
          <DataField label="Included data" amountName="includedAmount" unitName="includedUnit" amount={values.includedAmount} unit={values.includedUnit} error={errors.includedData} />
          <TextField label="Price per MB beyond it" name="overagePerMb" defaultValue={values.overagePerMb} error={errors.overagePerMb} suffix={`${currency}/MB`} hint={rateHint} />
        </div>
      </div>
      <div hidden={type !== "paygo"} className="space-y-4 border-t border-slate-100 pt-4">
        <TextField label="Default price per MB" name="defaultPerMb" defaultValue={values.defaultPerMb} error={errors.defaultPerMb} suffix={`${currency}/MB`} hint={rateHint} className="max-w-xs" />
        <CountryRateRows initial={values.countryRates} errors={errors} currency={currency} countries={countries} max={limits.countryRates} />
      </div>
    </>
  );
}
