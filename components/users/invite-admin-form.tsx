"use client";

import { useActionState } from "react";
import { inviteCompanyAdminAction, type InviteAdminFormState } from "@/app/(portal)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

const INITIAL: InviteAdminFormState = { message: null, email: "", companyId: "", invite: null };

const DELIVERY_NOTE = {
  sent: "We e-mailed it to them. You can also pass it on yourself.",
  logged: "No mail server is configured (SMTP_URL), so it was not e-mailed: send it to them yourself.",
  failed: "The e-mail could not be sent: send it to them yourself.",
} as const;

// A new company admin by e-mail; the invitation link is shown once, right after.
export function InviteAdminForm({ companies }: { companies: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState(inviteCompanyAdminAction, INITIAL);
  const errorId = state.message ? "invite-admin-error" : undefined;
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <label htmlFor="invite-admin-email" className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          E-mail
          <Input
            id="invite-admin-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={254}
            placeholder="ana@acme.example"
            defaultValue={state.email}
            invalid={Boolean(state.message)}
            aria-describedby={errorId}
            className="w-72"
          />
        </label>
        <label htmlFor="invite-admin-company" className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Company
          <Select id="invite-admin-company" name="companyId" required defaultValue={state.companyId} wrapperClassName="w-60">
            <option value="" disabled>
              Choose a company
            </option>
            {companies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" pending={pending}>
          Invite admin
        </Button>
        {state.message ? (
          <p id="invite-admin-error" role="alert" className="w-full text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </form>
      {state.invite ? (
        <div role="status" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2.5 text-sm text-blue-900">
          <p className="font-medium">
            {state.invite.reinvited ? `New invitation for ${state.invite.email}` : `${state.invite.email} is invited`}
          </p>
          <p className="mt-0.5 opacity-90">
            {DELIVERY_NOTE[state.invite.delivery]} The link works once, until {state.invite.expires}, and is shown only now.
          </p>
          <div className="mt-2 text-xs font-medium text-blue-900/80" id="invite-admin-link">
            Invitation link
          </div>
          <div
            aria-labelledby="invite-admin-link"
            className="mt-1 rounded-md border border-slate-200 bg-white px-2.5 py-1.5 font-mono text-[13px] break-all text-slate-900 select-all"
          >
            {state.invite.url}
          </div>
        </div>
      ) : null}
    </div>
  );
}
