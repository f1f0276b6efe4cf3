import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { bulkJobItems, bulkJobs } from "@/db/schema";
import { pgArray, rowsOf } from "@/db/sql";
import { can } from "@/lib/auth/permissions";
import { loadViewer, scopeOf } from "@/lib/auth/load-viewer";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { SimOutcome } from "../sim-change";
import { boundChangeOf, bulkActionSchema, type BoundChange } from "./actions";

// The `run-bulk-actions` job. Items are worked in batches; each batch is one transaction that
// takes its items with FOR UPDATE SKIP LOCKED, changes the SIMs and records each SIM's outcome,
// so a crash loses nothing and repeats nothing (its batch rolls back and is taken again), and two
// workers on one job never take the same SIM. The job row's short lease only spreads the work.

export const BULK_BATCH_SIZE = 500;
const LEASE_MS = 60_000;
const DEFAULT_BUDGET_MS = 50_000;

export type BulkRunSummary = { jobs: number; batches: number; items: number; failed: number };

type Job = typeof bulkJobs.$inferSelect;

export async function runBulkJobs(options: { db: Db; now: () => Date; budgetMs?: number; batchSize?: number }): Promise<BulkRunSummary> {
  const { db, now } = options;
  const deadline = now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const summary: BulkRunSummary = { jobs: 0, batches: 0, items: 0, failed: 0 };
  for (let job = await claimJob(db, now()); job; job = now().getTime() < deadline ? await claimJob(db, now()) : null) {
    summary.jobs += 1;
    try {
      while (now().getTime() < deadline) {
        const done = await workBatch(db, job, now(), options.batchSize ?? BULK_BATCH_SIZE);
        if (done === 0) break;
        summary.batches += 1;
        summary.items += done;
        await db.update(bulkJobs).set({ lockedUntil: new Date(now().getTime() + LEASE_MS) }).where(eq(bulkJobs.id, job.id));
      }
    } catch (error) {
      // Its batch rolled back; the job keeps its lease, so this run goes on with the next job and
      // a later run tries this one again.
      summary.failed += 1;
      logger.error("bulk job batch failed", { jobId: job.id, error });
    }
  }
  return summary;
}

async function claimJob(db: Db, at: Date): Promise<Job | null> {
  const [claimed] = rowsOf(
    await db.execute(sql`
      UPDATE bulk_jobs SET locked_until = ${new Date(at.getTime() + LEASE_MS).toISOString()}::timestamptz
      WHERE id = (
        SELECT id FROM bulk_jobs
        WHERE state = 'running' AND (locked_until IS NULL OR locked_until <= ${at.toISOString()}::timestamptz)
        ORDER BY created_at LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id`),
  );
  if (!claimed) return null;
  const [job] = await db.select().from(bulkJobs).where(eq(bulkJobs.id, String(claimed.id)));
  return job ?? null;
}

// Works one batch; returns how many items it settled (0: none left, and the job is finished).
async function workBatch(db: Db, job: Job, at: Date, size: number): Promise<number> {
  const requester = await loadViewer(job.requestedBy, job.requestId);
  const bound = boundChangeFor(job);
  const allowed = requester && bound && can(requester, "sims:bulk") && can(requester, bound.permission);
  const followUp: { afterCommit?: () => Promise<void> } = {};
  const settled = await db.transaction(async (tx) => {
    const ids = (
      await tx
        .select({ simId: bulkJobItems.simId })
        .from(bulkJobItems)
        .where(and(eq(bulkJobItems.jobId, job.id), eq(bulkJobItems.outcome, "queued")))
        .orderBy(asc(bulkJobItems.simId))
        .limit(size)
        .for("update", { skipLocked: true })
    ).map((row) => row.simId);
    if (ids.length === 0) return 0;
    const outcomes = new Map<number, SimOutcome>();
    let refusal = allowed ? "This SIM is no longer in your scope." : "The person who asked for this action may no longer make it.";
    if (allowed) {
      try {
        // A savepoint: input that no longer holds (a label deleted, a plan retired since the job
        // was made) refuses this batch's SIMs with the reason instead of failing the job for ever.
        const ran = await tx.transaction((savepoint) => bound.run({ tx: savepoint, viewer: requester, scope: scopeOf(requester), at }, { ids }));
        for (const { sim, result } of ran.changes) outcomes.set(sim.id, result);
        followUp.afterCommit = ran.afterCommit;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refusal = error.userMessage;
      }
    }
    await recordOutcomes(tx, job.id, ids, (id) => outcomes.get(id) ?? { outcome: "refused", message: refusal });
    return ids.length;
  });
  if (settled === 0) await finishIfDone(db, job.id, at);
  else await followUp.afterCommit?.().catch((error: unknown) => logger.error("bulk action follow-up failed", { jobId: job.id, error }));
  return settled;
}

function boundChangeFor(job: Job): BoundChange | null {
  const parsed = bulkActionSchema.safeParse(job.action);
  if (!parsed.success) {
    logger.error("bulk job has an action this version does not know", { jobId: job.id });
    return null;
  }
  return boundChangeOf(parsed.data);
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function recordOutcomes(tx: Tx, jobId: string, ids: number[], outcomeOf: (id: number) => SimOutcome): Promise<void> {
  const results = ids.map(outcomeOf);
  await tx.execute(sql`
    UPDATE bulk_job_items AS item SET outcome = v.outcome, message = v.message
    FROM unnest(${pgArray(ids, "bigint")}, ${pgArray(results.map((r) => r.outcome), "text")}, ${pgArray(results.map((r) => r.message), "text")})
      AS v(sim_id, outcome, message)
    WHERE item.job_id = ${jobId} AND item.sim_id = v.sim_id`);
}

// Finished once no item is queued; only one worker flips it.
async function finishIfDone(db: Db, jobId: string, at: Date): Promise<void> {
  await db.execute(sql`
    UPDATE bulk_jobs SET state = 'finished', finished_at = ${at.toISOString()}::timestamptz, locked_until = NULL
    WHERE id = ${jobId} AND state = 'running'
      AND NOT EXISTS (SELECT 1 FROM bulk_job_items WHERE job_id = ${jobId} AND outcome = 'queued')`);
}
