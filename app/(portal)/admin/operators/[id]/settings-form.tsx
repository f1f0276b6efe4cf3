"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { DRIVER_LABELS } from "@/components/operators/labels";
import type { OperatorSettingsField } from "@/db/queries/operator-settings";
import { DRIVERS, type DriverName } from "@/operators/types";
import { updateOperatorSettingsAction, type SettingsFormState, type SettingsValues } from "./actions";

const initialState: SettingsFormState = { attempt: 0, status: "idle", message: null, fieldErrors: {}, values: null };

// The keys each driver reads from its settings (its own parser refuses bad values on save).
const SETTINGS_HELP: Record<DriverName, string> = {
  none: "Kept but unused while the operator has no driver.",
  simulator:
    "Optional: seed, latencyMs, activityRate, sessionRate, roamingRate, operationDelaySeconds, failureRates { timeout, rateLimited, server, unknownSim, operation } (0 to 1), timeoutMs, maxAttempts.",
  cisco_control_center:
    "baseUrl (required, e.g. https://restapi1.jasper.com), accountId, concurrency (1–64), requestsPerSecond, pageSize (1–50), cycleStartDay (1–28), timeoutMs, maxAttempts.",
};

export type SettingsFormProps = {
  operatorId: string;
  stored: SettingsValues & { driver: DriverName };
  credentialsStored: boolean;
  simCount: number;
  notAvailableCount: number;
};

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs whitespace-pre-line text-red-700">
      {message}
    </p>
  );
}

const textareaClasses =
  "block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-slate-900 focus:outline-none aria-invalid:ring-red-500";

export function SettingsForm({ operatorId, stored, credentialsStored, simCount, notAvailableCount }: SettingsFormProps) {
  const [state, formAction, pending] = useActionState(updateOperatorSettingsAction, initialState);
  // After a refusal the form shows what was typed (never the credentials); otherwise what is stored.
  const values = state.values ?? stored;
  const [driver, setDriver] = useState<string>(values.driver);
  const errors = state.fieldErrors;
  const describedBy = (field: OperatorSettingsField, ...more: string[]) =>
    [errors[field] ? `${field}-error` : null, ...more].filter(Boolean).join(" ") || undefined;

  const effect =
    driver === "none" && stored.driver !== "none" && simCount > 0
      ? `Saving makes all ${simCount.toLocaleString("en-US")} SIMs of this operator Not available.`
      : driver !== "none" && stored.driver === "none" && notAvailableCount > 0
        ? `Saving makes its ${notAvailableCount.toLocaleString("en-US")} Not available SIMs Pending until the next sync checks them.`
        : null;

  return (
    // A fresh form after each submission: a <select> keeps the default it was mounted with, so a
    // refusal could otherwise show the stored driver instead of the one just chosen.
    <form action={formAction} className="space-y-5" noValidate key={state.attempt}>
      <input type="hidden" name="operatorId" value={operatorId} />

      {state.message ? (
        <p
          role={state.status === "refused" ? "alert" : "status"}
          className={
            state.status === "refused"
              ? "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
              : "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900"
          }
        >
          {state.message}
        </p>
      ) : null}

      <div>
        <Label htmlFor="driver">Driver</Label>
        <Select
          id="driver"
          name="driver"
          defaultValue={values.driver}
          onChange={(e) => setDriver(e.target.value)}
          invalid={Boolean(errors.driver)}
          aria-describedby={describedBy("driver", effect ? "driver-effect" : "")}
          wrapperClassName="mt-1.5 max-w-xs"
        >
          {DRIVERS.map((d) => (
            <option key={d} value={d}>
              {DRIVER_LABELS[d]}
            </option>
          ))}
        </Select>
        <FieldError id="driver-error" message={errors.driver} />
        {effect ? (
          <p id="driver-effect" className="mt-1.5 rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900">
            {effect}
          </p>
        ) : null}
      </div>

      <div>
        <Label htmlFor="settings">Settings (JSON object)</Label>
        <textarea
          id="settings"
          name="settings"
          rows={Math.min(16, Math.max(4, values.settings.split("\n").length + 1))}
          spellCheck={false}
          defaultValue={values.settings}
          placeholder="{}"
          aria-invalid={Boolean(errors.settings) || undefined}
          aria-describedby={describedBy("settings", "settings-help")}
          className={`${textareaClasses} mt-1.5 font-mono text-[13px]`}
        />
        <FieldError id="settings-error" message={errors.settings} />
        <p id="settings-help" className="mt-1 text-xs text-slate-500">
          {SETTINGS_HELP[DRIVERS.find((d) => d === driver) ?? "none"]}
        </p>
      </div>

      <fieldset className="rounded-md border border-slate-200 px-3 pt-2 pb-3">
        <legend className="px-1 text-sm font-medium text-slate-700">Credentials</legend>
        <p className="text-xs text-slate-500">
          {credentialsStored ? "Credentials are stored (encrypted)." : "No credentials are stored."} They are write-only: leave the
          fields empty to keep what is stored. The simulator needs none.
        </p>
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div>
            <Label htmlFor="username">User name</Label>
            <Input id="username" name="username" autoComplete="off" spellCheck={false} invalid={Boolean(errors.username)} aria-describedby={describedBy("username")} className="mt-1.5" />
            <FieldError id="username-error" message={errors.username} />
          </div>
          <div>
            <Label htmlFor="apiKey">API key</Label>
            <Input id="apiKey" name="apiKey" type="password" autoComplete="new-password" invalid={Boolean(errors.apiKey)} aria-describedby={describedBy("apiKey")} className="mt-1.5" />
            <FieldError id="apiKey-error" message={errors.apiKey} />
          </div>
        </div>
        {credentialsStored ? (
          <label className="mt-3 flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="clearCredentials" className="size-4 rounded border-slate-300" aria-describedby={describedBy("clearCredentials")} />
            Remove the stored credentials
          </label>
        ) : null}
        <FieldError id="clearCredentials-error" message={errors.clearCredentials} />
        <FieldError id="credentials-error" message={errors.credentials} />
      </fieldset>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div>
          <Label htmlFor="dormancyDays">Dormancy (days)</Label>
          <Input
            id="dormancyDays"
            name="dormancyDays"
            inputMode="numeric"
            defaultValue={values.dormancyDays}
            placeholder="None"
            invalid={Boolean(errors.dormancyDays)}
            aria-describedby={describedBy("dormancyDays", "dormancy-help")}
            className="mt-1.5"
          />
          <FieldError id="dormancyDays-error" message={errors.dormancyDays} />
          <p id="dormancy-help" className="mt-1 text-xs text-slate-500">
            Contract term: a prepaid SIM without a refill this long may be deactivated. Empty for none.
          </p>
        </div>
        <div className="sm:col-span-2">
          <Label htmlFor="contractNotes">Contract notes</Label>
          <textarea
            id="contractNotes"
            name="contractNotes"
            rows={3}
            defaultValue={values.contractNotes}
            aria-invalid={Boolean(errors.contractNotes) || undefined}
            aria-describedby={describedBy("contractNotes")}
            className={`${textareaClasses} mt-1.5`}
          />
          <FieldError id="contractNotes-error" message={errors.contractNotes} />
        </div>
      </div>

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" pending={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        <span className="text-xs text-slate-500">Every change is recorded in the audit log (never the credentials).</span>
      </div>
    </form>
  );
}
