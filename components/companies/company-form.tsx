"use client";

import { useActionState, useRef } from "react";
import { saveCompanyAction, type CompanyFormState } from "@/app/(portal)/admin/companies/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

type Company = { id: string; name: string; timeZone: string };

// Creates a company (no `company`) or changes one's name and time zone.
export function CompanyForm({ company, timeZones }: { company?: Company; timeZones: string[] }) {
  const [state, action, pending] = useActionState<CompanyFormState, FormData>(async (previous, form) => {
    const next = await saveCompanyAction(previous, form);
    if (next.saved && !company) formRef.current?.reset();
    return next;
  }, { message: null, saved: false });
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = company ? `company-${company.id}` : "new-company";
  return (
    <form ref={formRef} action={action} className="flex flex-wrap items-end gap-3">
      {company ? <input type="hidden" name="id" value={company.id} /> : null}
      <label htmlFor={`${idPrefix}-name`} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Name
        <Input id={`${idPrefix}-name`} name="name" required minLength={2} maxLength={80} defaultValue={company?.name} className="w-64" />
      </label>
      <label htmlFor={`${idPrefix}-zone`} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Time zone (billing periods)
        <Select id={`${idPrefix}-zone`} name="timeZone" defaultValue={company?.timeZone ?? "UTC"} wrapperClassName="w-60">
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </Select>
      </label>
      <Button type="submit" variant={company ? "secondary" : "primary"} pending={pending}>
        {company ? "Save" : "Create company"}
      </Button>
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : state.saved ? (
        <p role="status" className="w-full text-sm text-green-700">
          {company ? "Saved." : "Company created."}
        </p>
      ) : null}
    </form>
  );
}
