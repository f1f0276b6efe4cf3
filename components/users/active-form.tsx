"use client";

import { useActionState, useState } from "react";
import { setUserActiveAction, type UserChangeFormState } from "@/app/(portal)/admin/users/actions";
import { Button } from "@/components/ui/button";

const INITIAL: UserChangeFormState = { message: null, done: null };

// Deactivating asks once more, since it shuts the person out at their next click; reactivating
// gives everything back, so it does not.
export function ActiveForm({ user }: { user: { id: string; email: string; active: boolean } }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(async (previous: UserChangeFormState, form: FormData) => {
    const next = await setUserActiveAction(previous, form);
    setConfirming(false);
    return next;
  }, INITIAL);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="active" value={user.active ? "false" : "true"} />
      {!user.active ? (
        <Button type="submit" variant="secondary" pending={pending}>
          Reactivate
        </Button>
      ) : confirming ? (
        <>
          <p className="text-sm text-slate-700">
            Deactivate <span className="font-medium break-all">{user.email}</span>? They are signed out at their next request and cannot sign in
            until reactivated.
          </p>
          <Button type="submit" variant="danger" pending={pending}>
            Yes, deactivate
          </Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
        </>
      ) : (
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
          Deactivate…
        </Button>
      )}
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : state.done ? (
        <p role="status" className="w-full text-sm text-green-700">
          {state.done}
        </p>
      ) : null}
    </form>
  );
}
