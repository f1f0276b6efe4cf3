import { and, asc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { operators, sims, type SyncRunCounts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { ingestBatch } from "./ingest";
import { adapterFor, type AdapterDeps, type OperatorRow } from "./registry";
import { abandonRuns, claimLease, endRun, finishFailed, finishPass, LEASE_MS, pruneRuns, renewLease, savePassProgress, startRun } from "./sync-state";
import { OperatorError, type OperatorAdapter, type ReadResult, type SyncWindow } from "./types";

// Pulls what changed at one operator: each of its SIMs' line, status and session, and the usage
// in the pass's window [cursor, pass start). A pass walks every SIM in ICCID order; a run that
// reaches its time budget saves where it stopped and the next run resumes there with the same
// window. The cursor only moves when a pass read every SIM, so a failed run is simply redone;
// ingestion is idempotent, so redoing never counts twice.

export const SYNC_JOB = "sync-operators";

export type SyncOutcome = {
  operator: string;
  // partial: the run's time budget ended the run; the next run resumes the pass.
  outcome: "succeeded" | "partial" | "failed" | "skipped";
  counts: SyncRunCounts;
  error?: string;
};

const emptyCounts = (): SyncRunCounts => ({ sims: 0, statusChanges: 0, usageRecords: 0, usageBytes: 0, simFailures: 0 });

// Within a serverless function's 300 s, with time to record the run.
export const RUN_BUDGET_MS = 240_000;

export type SyncOptions = AdapterDeps & {
  // Batches read from the operator at once; ingestion of each is one short transaction.
  parallelBatches?: number;
  adapter?: OperatorAdapter | null;
  budgetMs?: number;
};

export async function syncOperator(operator: OperatorRow, options: SyncOptions): Promise<SyncOutcome> {
  const { db, now } = options;
  const started = now();
  const runId = await startRun(db, SYNC_JOB, operator.id, started);
  const end = async (outcome: SyncOutcome["outcome"], counts: SyncRunCounts, error?: string): Promise<SyncOutcome> => {
    await endRun(db, runId, { outcome, counts, ...(error !== undefined && { error }) }, now());
    return { operator: operator.name, outcome, counts, ...(error !== undefined && { error }) };
  };
  let adapter: OperatorAdapter | null;
  try {
    adapter = options.adapter === undefined ? adapterFor(operator, options) : options.adapter;
  } catch (caught) {
    // Settings or credentials the driver refuses (or cannot decrypt): staff see why on the page.
    // Drivers name the bad setting without echoing values, so the message is safe to show.
    const reason = caught instanceof AppError ? caught.userMessage : caught instanceof Error ? caught.message : String(caught);
    return end("failed", emptyCounts(), `Configuration: ${reason}`);
  }
  if (!adapter) return end("skipped", emptyCounts(), "No integration");
  const claim = await claimLease(db, operator.id, started);
  if (claim.kind !== "claimed") {
    const error = claim.kind === "busy" ? "Another sync of this operator is running" : `Paused after repeated failures, until ${claim.until.toISOString().slice(11, 16)} UTC`;
    return end("skipped", emptyCounts(), error);
  }
  const { token } = claim.lease;
  await abandonRuns(db, operator.id, runId, now());
  const pass = { window: { since: claim.lease.syncedUntil, until: claim.lease.passUntil ?? started }, after: claim.lease.resumeAfter ?? "" };
  const counts = emptyCounts();
  // The lease is kept alive on a timer, however long one call to a slow operator takes.
  let leaseLost = false;
  const keepAlive = setInterval(() => {
    void renewLease(db, operator.id, token, now()).then((kept) => (leaseLost ||= !kept));
  }, LEASE_MS / 3);
  try {
    const deadline = started.getTime() + (options.budgetMs ?? RUN_BUDGET_MS);
    const walk = await readAllSims(db, operator, adapter, pass, counts, {
      parallel: options.parallelBatches ?? 2,
      shouldStop: () => {
        if (leaseLost) throw new Error("The sync lease was taken over by another run");
        return now().getTime() >= deadline;
      },
    });
    if (!walk.finished) {
      await savePassProgress(db, operator.id, token, { passUntil: pass.window.until, resumeAfter: walk.after || null }, now());
      return end("partial", counts, `Time budget reached${walk.after ? ` after ICCID ${walk.after}` : ""}; the next run continues from there`);
    }
    await finishPass(db, operator.id, token, pass.window.until, now());
    return end("succeeded", counts);
  } catch (caught) {
    const error = describe(caught);
    logger.warn("operator sync failed", { operator: operator.name, error });
    await finishFailed(db, operator.id, token, error, now());
    return end("failed", counts, error);
  } finally {
    clearInterval(keepAlive);
  }
}

// Operator errors are safe to show staff (they never carry credentials); anything else is
// logged in full and summarized.
function describe(caught: unknown): string {
  if (caught instanceof OperatorError) return `${caught.kind}: ${caught.message}`;
  if (caught instanceof Error && caught.message.startsWith("The sync lease")) return caught.message;
  logger.error("operator sync crashed", { error: caught instanceof Error ? caught.stack : String(caught) });
  return "Internal error during the sync (see the server log)";
}

// SIMs per ingestion transaction: fewer, larger transactions keep the database side cheap; the
// driver is still asked in chunks of its own maximum.
const INGEST_BATCH = 1000;

// More SIMs failing in one chunk than this is the operator failing, not those SIMs: the run
// fails (and counts towards the circuit) instead of turning a whole fleet Invalid.
function tooManyFailures(result: ReadResult, asked: number): boolean {
  const failing = result.failures.filter((f) => f.code !== "unknown_sim").length;
  return failing > Math.max(2, asked * 0.2);
}

async function readInChunks(adapter: OperatorAdapter, iccids: readonly string[], window: SyncWindow): Promise<ReadResult> {
  const merged: ReadResult = { reports: [], usage: [], failures: [] };
  for (let i = 0; i < iccids.length; i += adapter.maxBatch) {
    const chunk = iccids.slice(i, i + adapter.maxBatch);
    const part = await adapter.readSims(chunk, window);
    if (tooManyFailures(part, chunk.length)) {
      const first = part.failures.find((f) => f.code !== "unknown_sim");
      throw new OperatorError("server", `${part.failures.length} of ${chunk.length} SIMs failed at once, e.g. ${first?.iccid}: ${first?.detail}`);
    }
    merged.reports.push(...part.reports);
    merged.usage.push(...part.usage);
    merged.failures.push(...part.failures);
  }
  return merged;
}

// Walks the operator's SIMs after `pass.after` in ICCID order, until every SIM was read or
// `shouldStop` ends the walk early; `after` is then the last ICCID done (every SIM up to it).
async function readAllSims(
  db: Db,
  operator: OperatorRow,
  adapter: OperatorAdapter,
  pass: { window: SyncWindow; after: string },
  counts: SyncRunCounts,
  control: { parallel: number; shouldStop: () => boolean },
): Promise<{ finished: boolean; after: string }> {
  const sessionCapable = adapter.capabilities.has("sessionState");
  let after = pass.after;
  let failure: unknown;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  while (failure === undefined) {
    if (control.shouldStop()) {
      stopped = true;
      break;
    }
    const batch = await db
      .select({ id: sims.id, iccid: sims.iccid })
      .from(sims)
      // A SIM retired by a swap has no line any more: the operator has nothing to say about it.
      .where(and(eq(sims.operatorId, operator.id), gt(sims.iccid, after), isNull(sims.retiredAt)))
      .orderBy(asc(sims.iccid))
      .limit(INGEST_BATCH);
    const last = batch.at(-1);
    if (!last) break;
    after = last.iccid;
    const task = (async () => {
      const result = await readInChunks(
        adapter,
        batch.map((s) => s.iccid),
        pass.window,
      );
      const applied = await ingestBatch(db, { operatorId: operator.id, simIds: batch.map((s) => s.id), result, sessionCapable, now: pass.window.until });
      counts.sims += batch.length;
      counts.statusChanges += applied.statusChanges;
      counts.usageRecords += applied.usageRecords;
      counts.usageBytes += applied.usageBytes;
      counts.simFailures += applied.simFailures;
    })().catch((caught: unknown) => {
      failure ??= caught;
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= control.parallel) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  // Every dispatched batch finished, so everything up to the last one is done.
  return { finished: !stopped, after };
}

// The cron job: every integrated operator, side by side; one failing never stops the others.
// Every integrated operator, or only those of `operatorIds` (an operator scheduled on its own,
// say one with a low rate limit: /api/cron/sync-operators?operator=<id>).
export async function syncAllOperators(options: SyncOptions & { operatorIds?: readonly string[] }): Promise<SyncOutcome[]> {
  const only = options.operatorIds ? inArray(operators.id, [...options.operatorIds]) : undefined;
  const integrated = await options.db.select().from(operators).where(and(ne(operators.driver, "none"), only)).orderBy(asc(operators.name));
  const outcomes = await Promise.all(
    integrated.map((operator) =>
      syncOperator(operator, options).catch((caught: unknown): SyncOutcome => {
        logger.error("operator sync crashed", { operator: operator.name, error: caught instanceof Error ? caught.stack : String(caught) });
        return { operator: operator.name, outcome: "failed", counts: emptyCounts(), error: "Internal error during the sync (see the server log)" };
      }),
    ),
  );
  await pruneRuns(options.db, options.now());
  return outcomes;
}
