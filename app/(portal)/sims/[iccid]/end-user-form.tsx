"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Callout, CopyBox } from "./detail-ui";
import { assignEndUserAction, type EndUserFormState, removeEndUserAction } from "./end-user-actions";

const INITIAL: EndUserFormState = { message: null, email: "", done: null, invite: null };

const DELIVERY_NOTE = {
  sent: "We e-mailed it to them. You can also pass it on yourself.",
  logged: "No mail server is configured (SMTP_URL), so it was not e-mailed: send it to them yourself.",
  failed: "The e-mail could not be sent: send it to them yourself.",
} as const;

// The SIM's end user, changeable by e-mail; a new person's invitation link is shown once.
export function EndUserForm({ iccid, email }: { iccid: string; email: string | null }) {
  const [assigned, assign, assigning] = useActionState(assignEndUserAction, INITIAL);
  const [removed, remove, removing] = useActionState(removeEndUserAction, INITIAL);
  // Only while that person is still the end user: after a removal or a change it is stale.
  const invite = assigned.invite && assigned.invite.email === email ? assigned.invite : null;
  const errorId = assigned.message ? "end-user-error" : undefined;

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <p className="min-w-0 text-sm break-all text-slate-900">{email ?? <span className="text-slate-500">No end user.</span>}</p>
        {email ? (
          <form action={remove}>
            <input type="hidden" name="iccid" value={iccid} />
            <Button type="submit" size="sm" variant="secondary" pending={removing}>
              Remove
            </Button>
          </form>
        ) : null}
      </div>
      {removed.message ? (
        <p role="alert" className="text-xs text-red-700">
          {removed.message}
        </p>
      ) : removed.done === "removed" && !email ? (
        <p role="status" className="text-xs text-green-700">
          Removed. The person keeps their account and any other SIMs.
        </p>
      ) : null}

      <form action={assign} className="space-y-1.5">
        <input type="hidden" name="iccid" value={iccid} />
        <Label htmlFor="end-user-email">{email ? "Change to another e-mail" : "Assign by e-mail"}</Label>
        <div className="flex gap-2">
          <Input
            id="end-user-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            required
            placeholder="ana@example.com"
            defaultValue={assigned.email}
            invalid={Boolean(assigned.message)}
            aria-describedby={errorId}
          />
          <Button type="submit" variant="secondary" pending={assigning}>
            {email ? "Change" : "Assign"}
          </Button>
        </div>
        {assigned.message ? (
          <p id="end-user-error" role="alert" className="text-xs text-red-700">
            {assigned.message}
          </p>
        ) : assigned.done === "unchanged" ? (
          <p role="status" className="text-xs text-slate-600">
            This person is already the SIM&apos;s end user.
          </p>
        ) : assigned.done === "assigned" && !invite ? (
          <p role="status" className="text-xs text-green-700">
            Saved.
          </p>
        ) : (
          <p className="text-xs text-slate-500">Someone new gets an account in the SIM&apos;s company and an invitation to choose a password.</p>
        )}
      </form>

      {invite ? (
        <Callout tone="info" title={`Invitation for ${invite.email}`}>
          <div className="space-y-2">
            <p>
              {DELIVERY_NOTE[invite.delivery]} The link works once, until {invite.expires}, and is shown only now.
            </p>
            <CopyBox id="end-user-invite-link" label="Invitation link" value={invite.url} />
          </div>
        </Callout>
      ) : null}
    </div>
  );
}
