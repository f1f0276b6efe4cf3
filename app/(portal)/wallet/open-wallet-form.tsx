"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { openWalletAction, type OpenWalletFormState } from "./actions";

const fieldLabel = "flex flex-col gap-1 text-xs font-medium text-slate-600";

// Staff open a company's PAYGO wallet in one currency; success goes to the new wallet's page.
export function OpenWalletForm({ companies, currencies }: { companies: { id: string; name: string }[]; currencies: readonly string[] }) {
  const [state, action, pending] = useActionState<OpenWalletFormState, FormData>(openWalletAction, { message: null, values: null });
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <label htmlFor="open-wallet-company" className={fieldLabel}>
        Company
        {/* Keyed: React applies a select's defaultValue only when it mounts, and resets forms to it. */}
        <Select
          key={state.values?.companyId ?? ""}
          id="open-wallet-company"
          name="companyId"
          required
          defaultValue={state.values?.companyId ?? ""}
          wrapperClassName="w-60"
        >
          <option value="" disabled>
            Choose a company
          </option>
          {companies.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </label>
      <label htmlFor="open-wallet-currency" className={fieldLabel}>
        Currency
        <Select key={state.values?.currency ?? ""} id="open-wallet-currency" name="currency" required defaultValue={state.values?.currency ?? currencies[0]} wrapperClassName="w-28">
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      </label>
      <label htmlFor="open-wallet-minimum" className={fieldLabel}>
        Minimum balance
        <Input
          id="open-wallet-minimum"
          name="minimum"
          inputMode="decimal"
          defaultValue={state.values?.minimum ?? "0"}
          placeholder="0.00"
          className="w-36 text-right tabular-nums"
          aria-describedby="open-wallet-minimum-hint"
        />
      </label>
      <Button type="submit" pending={pending}>
        Open wallet
      </Button>
      <p id="open-wallet-minimum-hint" className="w-full text-xs text-slate-500">
        In the wallet&apos;s currency. Below it the company&apos;s PAYGO SIMs in that currency are suspended; a negative minimum is a credit line.
      </p>
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
