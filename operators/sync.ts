import { and, asc, eq, gt, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { operators, sims, type SyncRunCounts } from "@/db/schema";
import { logger } from "@/lib/logger";
import { ingestBatch } from "./ingest";
import { adapterFor, type AdapterDeps, type OperatorRow } from "./registry";
import { claimLease, endRun, finishFailed, finishSucceeded, pruneRuns, renewLease, startRun } from "./sync-state";
import { OperatorError, type OperatorAdapter, type ReadResult, type SyncWindow } from "./types";

// Pulls what changed at one operator since its cursor: each of its SIMs' line, status and session,
// and the usage in [cursor, now). The cursor only moves when every SIM was read, so a failed run
// is simply redone by the next one; ingestion is idempotent, so redoing never counts twice.

export const SYNC_JOB = "sync-operators";

export type SyncOutcome = {
  operator: string;
  outcome: "succeeded" | "failed" | "skipped";
  counts: SyncRunCounts;
  error?: string;
};

const emptyCounts = (): SyncRunCounts => ({ sims: 0, statusChanges: 0, usageRecords: 0, usageBytes: 0, simFailures: 0 });

export type SyncOptions = AdapterDeps & {
  // Batches read from the operator at once; ingestion of each is one short transaction.
  parallelBatches?: number;
  adapter?: OperatorAdapter | null;
};

export async function syncOperator(operator: OperatorRow, options: SyncOptions): Promise<SyncOutcome> {
  const { db, now } = options;
  const adapter = options.adapter === undefined ? adapterFor(operator, options) : options.adapter;
  if (!adapter) return { operator: operator.name, outcome: "skipped", counts: emptyCounts(), error: "No integration" };
  const started = now();
  const runId = await startRun(db, SYNC_JOB, operator.id, started);
  const claim = await claimLease(db, operator.id, started);
  if (claim.kind !== "claimed") {
    const error = claim.kind === "busy" ? "Another sync of this operator is running" : `Paused after repeated failures, until ${claim.until.toISOString().slice(11, 16)} UTC`;
    await endRun(db, runId, { outcome: "skipped", counts: emptyCounts(), error }, now());
    return { operator: operator.name, outcome: "skipped", counts: emptyCounts(), error };
  }
  const counts = emptyCounts();
  const window = { since: claim.lease.syncedUntil, until: started };
  try {
    await readAllSims(db, operator, adapter, window, counts, options.parallelBatches ?? 2, async () => {
      if (!(await renewLease(db, operator.id, claim.lease.token, now()))) throw new Error("The sync lease was taken over by another run");
    });
    await finishSucceeded(db, operator.id, claim.lease.token, window.until, now());
    await endRun(db, runId, { outcome: "succeeded", counts }, now());
    return { operator: operator.name, outcome: "succeeded", counts };
  } catch (caught) {
    const error = describe(caught);
    logger.warn("operator sync failed", { operator: operator.name, error });
    await finishFailed(db, operator.id, claim.lease.token, error, now());
    await endRun(db, runId, { outcome: "failed", counts, error }, now());
    return { operator: operator.name, outcome: "failed", counts, error };
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

// The lease is renewed after every chunk: a slow, rate-limited operator may take minutes per batch.
async function readInChunks(adapter: OperatorAdapter, iccids: readonly string[], window: SyncWindow, renew: () => Promise<void>): Promise<ReadResult> {
  const merged: ReadResult = { reports: [], usage: [], failures: [] };
  for (let i = 0; i < iccids.length; i += adapter.maxBatch) {
    const part = await adapter.readSims(iccids.slice(i, i + adapter.maxBatch), window);
    await renew();
    merged.reports.push(...part.reports);
    merged.usage.push(...part.usage);
    merged.failures.push(...part.failures);
  }
  return merged;
}

async function readAllSims(
  db: Db,
  operator: OperatorRow,
  adapter: OperatorAdapter,
  window: SyncWindow,
  counts: SyncRunCounts,
  parallel: number,
  renew: () => Promise<void>,
): Promise<void> {
  const sessionCapable = adapter.capabilities.has("sessionState");
  let after = "";
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  while (failure === undefined) {
    const batch = await db
      .select({ id: sims.id, iccid: sims.iccid })
      .from(sims)
      .where(and(eq(sims.operatorId, operator.id), gt(sims.iccid, after)))
      .orderBy(asc(sims.iccid))
      .limit(INGEST_BATCH);
    const last = batch.at(-1);
    if (!last) break;
    after = last.iccid;
    const task = (async () => {
      const result = await readInChunks(adapter, batch.map((s) => s.iccid), window, renew);
      const applied = await ingestBatch(db, { operatorId: operator.id, simIds: batch.map((s) => s.id), result, sessionCapable, now: window.until });
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
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
}

// The cron job: every integrated operator, side by side; one failing never stops the others.
export async function syncAllOperators(options: SyncOptions): Promise<SyncOutcome[]> {
  const integrated = await options.db.select().from(operators).where(ne(operators.driver, "none")).orderBy(asc(operators.name));
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
