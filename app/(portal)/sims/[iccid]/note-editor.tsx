"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { NOTE_MAX_LENGTH } from "@/lib/sims/note-limits";
import { updateSimNoteAction, type NoteFormState } from "./actions";

// The note, editable in place by those who may keep it.
export function NoteEditor({ iccid, note }: { iccid: string; note: string | null }) {
  const [state, action, pending] = useActionState<NoteFormState, FormData>(updateSimNoteAction, { message: null, saved: false });
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="iccid" value={iccid} />
      <textarea
        name="note"
        aria-label="Note"
        defaultValue={note ?? ""}
        maxLength={NOTE_MAX_LENGTH}
        rows={2}
        placeholder="What is this SIM for? Where is it?"
        className="block w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-slate-900 focus:outline-none"
      />
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={pending}>
          Save note
        </Button>
        {state.message ? (
          <span role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        ) : state.saved ? (
          <span role="status" className="text-xs text-green-700">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
