"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import type { ImportFormState } from "@/app/(portal)/admin/sims/import/actions";
import { MAX_IMPORT_BYTES, MAX_IMPORT_LABEL } from "@/lib/sims/import/limits";
import { ImportIssuesTable } from "./import-issues-table";

type Action = (previous: ImportFormState, formData: FormData) => Promise<ImportFormState>;

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

function Message({ tone, children }: { tone: "error" | "ok"; children: React.ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={
        tone === "error"
          ? "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          : "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900"
      }
    >
      {children}
    </div>
  );
}

export function ImportForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState<ImportFormState, FormData>(action, { status: "idle" });
  // React clears a form after its action runs, so the chosen file is kept here: the confirmation
  // sends the same file again and the server checks it again.
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);

  const withFile = (formData: FormData) => {
    if (file) formData.set("file", file);
    formAction(formData);
  };

  return (
    <div className="min-w-0 space-y-5">
      <form action={withFile} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <input type="hidden" name="intent" value="preview" />
        <div>
          <Label htmlFor="file">CSV file (at most {MAX_IMPORT_LABEL})</Label>
          {/* The native input is visually hidden: after each check React clears it, while the file
              kept in state is still the one that will be sent, so the name shown is that one. */}
          <div className="mt-1 flex items-center gap-3">
            <input
              id="file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="peer sr-only"
              onChange={(event) => {
                const chosen = event.currentTarget.files?.[0] ?? null;
                if (!chosen) return;
                setFile(chosen);
                setTooLarge(chosen.size > MAX_IMPORT_BYTES);
              }}
            />
            <label htmlFor="file" className={buttonClasses({ variant: "secondary" }) + " cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-slate-900"}>
              Choose file
            </label>
            <span className="text-sm text-slate-600">{file ? `${file.name} (${Math.max(1, Math.round(file.size / 1000))} kB)` : "No file chosen"}</span>
          </div>
        </div>
        {tooLarge ? <Message tone="error">This file is larger than {MAX_IMPORT_LABEL}. Split it into smaller files.</Message> : null}
        <Button type="submit" pending={pending} disabled={!file || tooLarge}>
          Check file
        </Button>
      </form>

      {state.status === "refused" ? <Message tone="error">{state.message}</Message> : null}

      {state.status === "imported" ? (
        <Message tone="ok">
          <p className="font-medium">Imported {plural(state.imported, "SIM")}.</p>
          <p className="mt-1">
            {state.skipped > 0 ? `${plural(state.skipped, "row")} with errors ${state.skipped === 1 ? "was" : "were"} left out. ` : ""}
            {state.pending > 0 ? `${count(state.pending)} Pending until the operator has checked them. ` : ""}
            {state.notAvailable > 0 ? `${count(state.notAvailable)} Not available (operator without integration). ` : ""}
          </p>
          <p className="mt-2 flex gap-4">
            {state.pending > 0 ? (
              <Link href="/sims?status=pending" className="font-medium underline underline-offset-2">
                See the Pending SIMs
              </Link>
            ) : null}
            {state.notAvailable > 0 ? (
              <Link href="/sims?status=not_available" className="font-medium underline underline-offset-2">
                See the Not available SIMs
              </Link>
            ) : null}
          </p>
        </Message>
      ) : null}

      {state.status === "preview" ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h2 id="preview-heading" className="text-sm font-semibold text-slate-900">
            Check of {file?.name ?? "the file"}
          </h2>
          {state.message ? <Message tone="error">{state.message}</Message> : null}
          <dl className="grid grid-cols-3 gap-3">
            {[
              { label: "Rows", value: state.rows, tone: "text-slate-900" },
              { label: "Valid", value: state.valid, tone: "text-green-700" },
              { label: "With errors", value: state.invalid, tone: state.invalid > 0 ? "text-red-700" : "text-slate-900" },
            ].map((item) => (
              <div key={item.label} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
                <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
                <dd className={`mt-1 text-2xl font-semibold tabular-nums ${item.tone}`}>{count(item.value)}</dd>
              </div>
            ))}
          </dl>
          <form action={withFile} className="flex flex-wrap items-center gap-3">
            <Button type="submit" name="intent" value="import-all" pending={pending} disabled={state.invalid > 0 || !file}>
              Import all {plural(state.rows, "row")}
            </Button>
            {state.invalid > 0 && state.valid > 0 ? (
              <Button type="submit" variant="secondary" name="intent" value="import-valid" pending={pending} disabled={!file}>
                Import the {plural(state.valid, "valid row")}
              </Button>
            ) : null}
            <span className="text-xs text-slate-500">Nothing is written until you choose. The file is checked again when you do.</span>
          </form>
          {state.issues.length > 0 ? <ImportIssuesTable issues={state.issues} total={state.issuesTotal} /> : null}
        </section>
      ) : null}
    </div>
  );
}
