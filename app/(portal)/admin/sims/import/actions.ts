"use server";

import { revalidatePath } from "next/cache";
import { importSims, previewSimImport } from "@/db/queries/sim-import";
import { requirePermission } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { MAX_IMPORT_BYTES, MAX_IMPORT_LABEL } from "@/lib/sims/import/limits";
import type { ImportIssue } from "@/lib/sims/import/validate";

export type ImportFormState =
  | { status: "idle" }
  | { status: "refused"; message: string }
  | { status: "preview"; rows: number; valid: number; invalid: number; issues: ImportIssue[]; issuesTotal: number; message?: string }
  | { status: "imported"; imported: number; skipped: number; pending: number; notAvailable: number };

// The browser gets at most this many errors back; the summary still counts them all.
const ISSUES_SHOWN = 500;

async function fileText(formData: FormData): Promise<string | { error: string }> {
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file to upload." };
  if (file.size > MAX_IMPORT_BYTES) return { error: `The file is ${(file.size / 1_000_000).toFixed(1)} MB; the limit is ${MAX_IMPORT_LABEL}. Split it into smaller files.` };
  return file.text();
}

// POST (action) /admin/sims/import: preview a CSV file (writes nothing) or import it, all rows or
// only the valid ones; platform staff only. The confirmation sends the file again and it is
// checked again: nothing from the preview is trusted.
export async function importSimsAction(_previous: ImportFormState, formData: FormData): Promise<ImportFormState> {
  const viewer = await requirePermission("sims:import");
  const text = await fileText(formData);
  if (typeof text !== "string") return { status: "refused", message: text.error };
  const intent = formData.get("intent");
  try {
    if (intent === "import-all" || intent === "import-valid") {
      const result = await importSims(viewer, text, intent === "import-all" ? "all" : "valid");
      if (result.ok) {
        revalidatePath("/sims");
        return { status: "imported", imported: result.imported, skipped: result.skipped, pending: result.pending, notAvailable: result.notAvailable };
      }
      return result.report ? previewState(result.report, result.error) : { status: "refused", message: result.error };
    }
    const preview = await previewSimImport(viewer, text);
    return preview.ok ? previewState(preview.report) : { status: "refused", message: preview.error };
  } catch (error) {
    if (error instanceof AppError) return { status: "refused", message: error.userMessage };
    throw error;
  }
}

function previewState(report: { rows: number; valid: unknown[]; invalidLines: number[]; issues: ImportIssue[] }, message?: string): ImportFormState {
  return {
    status: "preview",
    rows: report.rows,
    valid: report.valid.length,
    invalid: report.invalidLines.length,
    issues: report.issues.slice(0, ISSUES_SHOWN),
    issuesTotal: report.issues.length,
    ...(message ? { message } : {}),
  };
}
