"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { signInAction, type SignInState } from "./actions";

const initialState: SignInState = { error: null, email: "" };

export function LoginForm({ callbackUrl }: { callbackUrl: string | undefined }) {
  const [state, formAction, pending] = useActionState(signInAction, initialState);
  const errorId = state.error ? "sign-in-error" : undefined;

  return (
    <form action={formAction} className="space-y-4">
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}

      {state.error ? (
        <p
          id="sign-in-error"
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {state.error}
        </p>
      ) : null}

      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input
          id="email"
          name="email"
          type="email"
          // "username" rather than "email": password managers key saved logins on it.
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          required
          defaultValue={state.email}
          invalid={Boolean(state.error)}
          aria-describedby={errorId}
          controlSize="lg"
        />
      </div>

      <div className="space-y-1.5">
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          invalid={Boolean(state.error)}
          aria-describedby={errorId}
          controlSize="lg"
        />
      </div>

      <Button type="submit" size="lg" className="w-full" pending={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
