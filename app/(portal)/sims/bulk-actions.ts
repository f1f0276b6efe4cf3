"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { listSimFilterOptions } from "@/db/queries/sim-filters";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { bulkActionSchema } from "@/lib/sims/bulk/actions";
import { createBulkJob, MAX_SELECTED_ICCIDS, type BulkSelection } from "@/lib/sims/bulk/create";
import { runBulkJobs } from "@/lib/sims/bulk/run";
import { describeView } from "@/lib/sims/bulk/view-description";
import { parseSimListQuery } from "@/lib/sims/list-query";

export type BulkFormState = { message: string | null };

const bulkFormSchema = z.object({
  key: z.uuid(),
  target: z.enum(["selected", "view"]),
  iccids: z.array(z.string().regex(/^\d{18,22}$/)).max(MAX_SELECTED_ICCIDS),
  view: z.string().max(2_000),
});

// POST from the SIMs list: a bulk action on the selected SIMs or on everything the view matches.
// createBulkJob checks the session's permissions and keeps to its scope; the form's ICCIDs and
// filters only narrow that scope.
export async function createBulkJobAction(_previous: BulkFormState, form: FormData): Promise<BulkFormState> {
  const viewer = await requireViewer();
  const parsed = bulkFormSchema.safeParse({ key: form.get("key"), target: form.get("target"), iccids: form.getAll("iccid"), view: form.get("view") ?? "" });
  const action = bulkActionSchema.safeParse(actionFields(form));
  if (!parsed.success) return { message: "This selection cannot be used; reload the page and try again." };
  if (!action.success) return { message: action.error.issues.find((issue) => issue.path[0] === "email")?.message ?? "Choose an action and fill in what it needs." };
  const scope = scopeOf(viewer);
  let jobId: string;
  try {
    const selection = await selectionOf(parsed.data, scope, viewer);
    ({ jobId } = await createBulkJob(viewer, scope, { action: action.data, selection, idempotencyKey: parsed.data.key }, now()));
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage };
    logger.error("creating a bulk job failed", { error, requestId: viewer.requestId });
    return { message: "The bulk action could not be started; try again." };
  }
  // Start at once; the scheduled `run-bulk-actions` job takes over whatever this does not finish.
  after(async () => {
    await runBulkJobs({ db: getDb(), now }).catch((error: unknown) => logger.error("run-bulk-actions after a request failed", { error }));
  });
  redirect(`/sims/bulk/${jobId}`);
}

function actionFields(form: FormData): Record<string, unknown> {
  const kind = form.get("kind");
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  // "none" takes the plan or the company off; nothing chosen fails the schema.
  const orNull = (value: string | undefined) => (value === "none" ? null : value === "" ? undefined : value);
  return { kind, planId: orNull(text("planId")), companyId: orNull(text("companyId")), labelIds: form.getAll("labelId"), email: text("email") };
}

async function selectionOf(
  data: z.infer<typeof bulkFormSchema>,
  scope: ReturnType<typeof scopeOf>,
  viewer: Awaited<ReturnType<typeof requireViewer>>,
): Promise<BulkSelection> {
  if (data.target === "selected") return { kind: "iccids", iccids: data.iccids };
  const query = parseSimListQuery(Object.fromEntries(new URLSearchParams(data.view)));
  if (!query.ok) throw new AppError("invalid_input", "The view's filters are not valid any more; reload the page.");
  const view = { ...query.query, after: undefined, before: undefined, sort: undefined, dir: undefined, size: undefined };
  return { kind: "view", query: view, description: describeView(view, await listSimFilterOptions(scope, viewer)) };
}
