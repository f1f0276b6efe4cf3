"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { acceptInviteAction, type AcceptInviteState } from "./actions";

const INITIAL: AcceptInviteState = { message: null, done: false };

export function AcceptInviteForm({ token, email, minLength }: { token: string; email: string; minLength: number }) {
  const [state, action, pending] = useActionState(acceptInviteAction, INITIAL);
  const errorId = state.message ? "invite-error" : undefined;

  if (state.done) {
    return (
      <div className="space-y-4 text-center">
        <p role="status" className="text-sm text-slate-700">
          Your password is set. Sign in with <span className="font-medium text-slate-900">{email}</span> and your new password.
        </p>
        <Link href="/login" className={buttonClasses({ size: "lg", className: "w-full" })}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {state.message ? (
        <p id="invite-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}

      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        {/* Read-only, for password managers: they save the new password under this name. */}
        <Input id="email" name="email" type="email" autoComplete="username" value={email} readOnly controlSize="lg" />
      </div>

      <div className="space-y-1.5">
        <Label htmlFor="password">New password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          invalid={Boolean(state.message)}
          aria-describedby={errorId ? `${errorId} password-hint` : "password-hint"}
          controlSize="lg"
        />
        <p id="password-hint" className="text-xs text-slate-500">
          At least {minLength} characters. A few unrelated words make a strong one.
        </p>
      </div>

      <div className="space-y-1.5">
        <Label htmlFor="confirm">Type it again</Label>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={minLength} invalid={Boolean(state.message)} aria-describedby={errorId} controlSize="lg" />
      </div>

      <Button type="submit" size="lg" className="w-full" pending={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
