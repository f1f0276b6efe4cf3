"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { assignProductAction, setStoreUseAction, type ProductFormState } from "./product-actions";

const initial: ProductFormState = { status: "idle", message: null };

function Outcome({ state }: { state: ProductFormState }) {
  if (!state.message) return null;
  return state.status === "refused" ? (
    <span role="alert" className="text-xs text-red-700">
      {state.message}
    </span>
  ) : (
    <span role="status" className={state.status === "saved" ? "text-xs text-green-700" : "text-xs text-slate-500"}>
      {state.message}
    </span>
  );
}

type Option = { id: string; name: string };

export type ProductFormProps = {
  iccid: string;
  plans: Option[];
  companies: Option[];
  currentPlan: { id: string; name: string; retired: boolean } | null;
  currentCompanyId: string | null;
  // Why the company cannot be changed here (a store eSIM), or null.
  companyLocked: string | null;
};

// The plan (of this SIM's operator) and the company, chosen from lists and saved together.
export function ProductForm({ iccid, plans, companies, currentPlan, currentCompanyId, companyLocked }: ProductFormProps) {
  const [state, action, pending] = useActionState(assignProductAction, initial);
  // A plan no longer offered (retired) stays on the SIM unless another one is chosen: without
  // this choice the list would fall back to "No plan" and saving would remove it.
  const kept = currentPlan && !plans.some((p) => p.id === currentPlan.id) ? currentPlan : null;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="iccid" value={iccid} />
      <div>
        <Label htmlFor="product-plan">Plan</Label>
        <Select id="product-plan" name="planId" defaultValue={kept ? "keep" : (currentPlan?.id ?? "")} wrapperClassName="mt-1.5">
          <option value="">No plan</option>
          {kept ? <option value="keep">{`${kept.name} (${kept.retired ? "retired, " : ""}kept)`}</option> : null}
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
        {plans.length === 0 ? <p className="mt-1 text-xs text-slate-500">This SIM&apos;s operator has no plans on sale.</p> : null}
      </div>
      <div>
        <Label htmlFor="product-company">Company</Label>
        <Select
          id="product-company"
          name="companyId"
          defaultValue={currentCompanyId ?? ""}
          disabled={companyLocked !== null}
          aria-describedby={companyLocked ? "product-company-locked" : undefined}
          wrapperClassName="mt-1.5"
        >
          <option value="">No company</option>
          {companies.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        {companyLocked ? (
          <p id="product-company-locked" className="mt-1 text-xs text-slate-500">
            {companyLocked}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={pending}>
          Save product
        </Button>
        <Outcome state={state} />
      </div>
    </form>
  );
}

// Adds an eSIM to the store or takes it out; a SIM that cannot go in says why instead.
export function StoreUseForm({ iccid, storeUse, refusal }: { iccid: string; storeUse: boolean; refusal: string | null }) {
  const [state, action, pending] = useActionState(setStoreUseAction, initial);
  const blocked = !storeUse && refusal !== null;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="iccid" value={iccid} />
      <input type="hidden" name="storeUse" value={storeUse ? "false" : "true"} />
      <p className="text-sm text-slate-700">
        {storeUse ? "Kept for the eSIM store: end users can buy it." : "Not in the eSIM store."}
      </p>
      {blocked ? (
        <p id="store-use-refusal" className="text-xs text-slate-500">
          {refusal}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          size="sm"
          variant="secondary"
          pending={pending}
          disabled={blocked}
          aria-describedby={blocked ? "store-use-refusal" : undefined}
        >
          {storeUse ? "Take out of the store" : "Add to the store"}
        </Button>
        <Outcome state={state} />
      </div>
    </form>
  );
}
