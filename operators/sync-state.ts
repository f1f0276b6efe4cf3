import { randomUUID } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { operatorSyncState, syncRuns, type SyncRunCounts } from "@/db/schema";

// The sync's bookkeeping: a lease per operator so one run at a time syncs it (across cron calls
// and app instances; it expires if a run dies), the cursor, run records and health.

export const LEASE_MS = 5 * 60_000;
// After this many failed runs in a row the operator is left alone, 1 min doubling up to 30 min.
export const CIRCUIT_THRESHOLD = 3;
const MAX_CIRCUIT_MS = 30 * 60_000;

export type Lease = { token: string; syncedUntil: Date | null; passUntil: Date | null; resumeAfter: string | null };

export type ClaimResult = { kind: "claimed"; lease: Lease } | { kind: "busy" } | { kind: "circuit_open"; until: Date };

export async function claimLease(db: Db, operatorId: string, now: Date): Promise<ClaimResult> {
  await db.insert(operatorSyncState).values({ operatorId }).onConflictDoNothing();
  const token = randomUUID();
  const [claimed] = await db
    .update(operatorSyncState)
    .set({ leaseToken: token, leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(
      and(
        eq(operatorSyncState.operatorId, operatorId),
        sql`(${operatorSyncState.leaseUntil} IS NULL OR ${operatorSyncState.leaseUntil} <= ${now.toISOString()}::timestamptz)`,
        sql`(${operatorSyncState.circuitOpenUntil} IS NULL OR ${operatorSyncState.circuitOpenUntil} <= ${now.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ syncedUntil: operatorSyncState.syncedUntil, passUntil: operatorSyncState.passUntil, resumeAfter: operatorSyncState.resumeAfter });
  if (claimed) return { kind: "claimed", lease: { token, ...claimed } };
  const [state] = await db.select().from(operatorSyncState).where(eq(operatorSyncState.operatorId, operatorId));
  if (state?.circuitOpenUntil && state.circuitOpenUntil > now) return { kind: "circuit_open", until: state.circuitOpenUntil };
  return { kind: "busy" };
}

// Keeps the lease while the run makes progress; false when another run took it over.
export async function renewLease(db: Db, operatorId: string, token: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(operatorSyncState)
    .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(and(eq(operatorSyncState.operatorId, operatorId), eq(operatorSyncState.leaseToken, token)))
    .returning({ operatorId: operatorSyncState.operatorId });
  return rows.length > 0;
}

// A pass read every SIM: the cursor moves to the pass's window end.
export async function finishPass(db: Db, operatorId: string, token: string, until: Date, now: Date): Promise<void> {
  await db
    .update(operatorSyncState)
    .set({
      syncedUntil: until,
      passUntil: null,
      resumeAfter: null,
      lastSuccessAt: now,
      consecutiveFailures: 0,
      circuitOpenUntil: null,
      leaseToken: null,
      leaseUntil: null,
    })
    .where(and(eq(operatorSyncState.operatorId, operatorId), eq(operatorSyncState.leaseToken, token)));
}

// A run ran out of time mid-pass: the next one resumes after `resumeAfter` with the same window.
export async function savePassProgress(
  db: Db,
  operatorId: string,
  token: string,
  progress: { passUntil: Date; resumeAfter: string | null },
  now: Date,
): Promise<void> {
  await db
    .update(operatorSyncState)
    .set({ ...progress, lastSuccessAt: now, consecutiveFailures: 0, circuitOpenUntil: null, leaseToken: null, leaseUntil: null })
    .where(and(eq(operatorSyncState.operatorId, operatorId), eq(operatorSyncState.leaseToken, token)));
}

export async function finishFailed(db: Db, operatorId: string, token: string, error: string, now: Date): Promise<void> {
  await db
    .update(operatorSyncState)
    .set({
      lastErrorAt: now,
      lastError: error,
      consecutiveFailures: sql`${operatorSyncState.consecutiveFailures} + 1`,
      circuitOpenUntil: sql`CASE WHEN ${operatorSyncState.consecutiveFailures} + 1 >= ${CIRCUIT_THRESHOLD}
        THEN ${now.toISOString()}::timestamptz + least(${MAX_CIRCUIT_MS}, 60000 * power(2, ${operatorSyncState.consecutiveFailures} + 1 - ${CIRCUIT_THRESHOLD})) * interval '1 millisecond'
        ELSE NULL END`,
      leaseToken: null,
      leaseUntil: null,
    })
    .where(and(eq(operatorSyncState.operatorId, operatorId), eq(operatorSyncState.leaseToken, token)));
}

export async function startRun(db: Db, job: string, operatorId: string, now: Date): Promise<number> {
  const [run] = await db.insert(syncRuns).values({ job, operatorId, startedAt: now, outcome: "running" }).returning({ id: syncRuns.id });
  if (!run) throw new Error("sync run was not recorded");
  return run.id;
}

// Runs of this operator still marked running when a new run holds the lease died mid-way
// (a killed process, an expired lease): say so instead of showing them running forever.
export async function abandonRuns(db: Db, operatorId: string, currentRunId: number, now: Date): Promise<void> {
  await db
    .update(syncRuns)
    .set({ outcome: "failed", finishedAt: now, error: "Stopped without finishing (the process ended or lost its lease)" })
    .where(and(eq(syncRuns.operatorId, operatorId), eq(syncRuns.outcome, "running"), ne(syncRuns.id, currentRunId)));
}

export async function endRun(
  db: Db,
  runId: number,
  result: { outcome: "succeeded" | "partial" | "failed" | "skipped"; counts: SyncRunCounts; error?: string },
  now: Date,
): Promise<void> {
  await db
    .update(syncRuns)
    .set({ finishedAt: now, outcome: result.outcome, counts: result.counts, error: result.error ?? null })
    .where(eq(syncRuns.id, runId));
}

// Run records older than this are removed by the job itself, so the table stays small.
export async function pruneRuns(db: Db, now: Date, keepDays = 30): Promise<void> {
  await db.delete(syncRuns).where(sql`${syncRuns.startedAt} < ${new Date(now.getTime() - keepDays * 86_400_000).toISOString()}::timestamptz`);
}

// Staff changed the integration: a fresh chance at once instead of waiting out a circuit opened
// by the old settings; with another driver, also a fresh cursor and no counters of the old one.
export async function resetAfterIntegrationChange(db: Db, operatorId: string, driverChanged: boolean): Promise<void> {
  await db
    .update(operatorSyncState)
    .set({ consecutiveFailures: 0, circuitOpenUntil: null, ...(driverChanged && { syncedUntil: null, passUntil: null, resumeAfter: null }) })
    .where(eq(operatorSyncState.operatorId, operatorId));
  if (driverChanged) {
    await db.execute(sql`DELETE FROM operator_usage_counters WHERE sim_id IN (SELECT id FROM sims WHERE operator_id = ${operatorId})`);
  }
}
