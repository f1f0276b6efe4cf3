import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { simScopeCondition } from "@/db/queries/sim-scope";
import { simViewConditions } from "@/db/queries/sims-list";
import { bulkJobItems, bulkJobs, sims } from "@/db/schema";
import { executeCount } from "@/db/sql";
import { can } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import type { SimListQuery } from "../list-query";
import { boundChangeOf, type BulkAction } from "./actions";

// Creating a bulk job: the selection becomes one queued item per SIM, in the viewer's scope, in
// the same transaction as the job; the `run-bulk-actions` job then works the items.

export const MAX_BULK_SIMS = 100_000;
export const MAX_SELECTED_ICCIDS = 1_000;

export type BulkSelection = { kind: "iccids"; iccids: readonly string[] } | { kind: "view"; query: SimListQuery; description: string };

export type BulkRequest = { action: BulkAction; selection: BulkSelection; idempotencyKey: string };

class CheckOnly extends Error {}

export async function createBulkJob(viewer: Viewer, scope: Scope, request: BulkRequest, at: Date): Promise<{ jobId: string; created: boolean }> {
  const bound = boundChangeOf(request.action);
  if (!can(viewer, "sims:bulk") || !can(viewer, bound.permission)) throw new AppError("forbidden", "You may not make this change.");
  const existing = await findJobByKey(viewer.userId, request.idempotencyKey);
  if (existing) return { jobId: existing, created: false };
  if (request.selection.kind === "iccids" && request.selection.iccids.length === 0) throw new AppError("invalid_input", "Select at least one SIM.");
  if (request.selection.kind === "iccids" && request.selection.iccids.length > MAX_SELECTED_ICCIDS) {
    throw new AppError("invalid_input", `Select at most ${MAX_SELECTED_ICCIDS.toLocaleString("en")} SIMs, or act on the whole view.`);
  }
  await checkInput(viewer, scope, at, bound);
  const conditions =
    request.selection.kind === "iccids"
      ? [simScopeCondition(scope), inArray(sims.iccid, [...request.selection.iccids])]
      : await simViewConditions(scope, request.selection.query);
  conditions.push(isNull(sims.retiredAt));
  const description =
    request.selection.kind === "iccids" ? `${request.selection.iccids.length} selected SIM${request.selection.iccids.length === 1 ? "" : "s"}` : request.selection.description;

  return getDb().transaction(async (tx) => {
    const [job] = await tx
      .insert(bulkJobs)
      .values({
        idempotencyKey: request.idempotencyKey,
        action: request.action,
        requestedBy: viewer.userId,
        companyId: scope.kind === "company" ? scope.companyId : null,
        requestId: viewer.requestId ?? null,
        selection: description,
        state: "running",
        total: 0,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: bulkJobs.id });
    // The same form sent twice at once: the other request made the job.
    if (!job) {
      const other = await findJobByKey(viewer.userId, request.idempotencyKey);
      if (!other) throw new AppError("conflict", "This bulk action is being created; reload the page.");
      return { jobId: other, created: false };
    }
    const matched = tx
      .select({ id: sims.id, iccid: sims.iccid })
      .from(sims)
      .where(and(...conditions))
      .limit(MAX_BULK_SIMS + 1);
    await tx.execute(sql`insert into ${bulkJobItems} (job_id, sim_id, iccid, outcome) select ${job.id}::uuid, m.id, m.iccid, 'queued' from (${matched}) m`);
    const total = await executeCount(tx, sql`select count(*)::int as n from ${bulkJobItems} where ${bulkJobItems.jobId} = ${job.id}`);
    if (total === 0) throw new AppError("invalid_input", "No SIMs match this selection.");
    if (total > MAX_BULK_SIMS) {
      throw new AppError("invalid_input", `A bulk action can change at most ${MAX_BULK_SIMS.toLocaleString("en")} SIMs; narrow the filter.`);
    }
    await tx.update(bulkJobs).set({ total }).where(eq(bulkJobs.id, job.id));
    return { jobId: job.id, created: true };
  });
}

async function findJobByKey(userId: string, key: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ id: bulkJobs.id })
    .from(bulkJobs)
    .where(and(eq(bulkJobs.requestedBy, userId), eq(bulkJobs.idempotencyKey, key)))
    .limit(1);
  return row?.id ?? null;
}

// Input that is wrong whatever the SIM (an unknown plan, a bad e-mail) is refused before any job
// exists; whatever the check wrote (nothing should) is rolled back.
async function checkInput(viewer: Viewer, scope: Scope, at: Date, bound: ReturnType<typeof boundChangeOf>): Promise<void> {
  try {
    await getDb().transaction(async (tx) => {
      await bound.check({ tx, viewer, scope, at });
      throw new CheckOnly();
    });
  } catch (error) {
    if (!(error instanceof CheckOnly)) throw error;
  }
}
