import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { operators } from "./operators";
import { sims } from "./sims";

// Per operator: how far usage has been pulled, who is syncing it now (a lease, so two cron calls
// or two app instances never sync one operator at once; it expires if a run dies), and the
// health staff see on the operators page.
export const operatorSyncState = pgTable("operator_sync_state", {
  operatorId: uuid("operator_id")
    .primaryKey()
    .references(() => operators.id, { onDelete: "cascade" }),
  // Usage before this instant has been ingested; the next pass asks from here.
  syncedUntil: timestamp("synced_until", { withTimezone: true }),
  // A pass over every SIM may take several runs (a rate-limited operator, a capped run time):
  // the pass's window end, and the last ICCID it finished, so the next run resumes after it.
  passUntil: timestamp("pass_until", { withTimezone: true }),
  resumeAfter: text("resume_after"),
  leaseToken: uuid("lease_token"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  lastError: text("last_error"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  // The run-level circuit: no sync is attempted before this instant after repeated failures.
  circuitOpenUntil: timestamp("circuit_open_until", { withTimezone: true }),
});

export type SyncRunCounts = {
  sims: number;
  statusChanges: number;
  usageRecords: number;
  usageBytes: number;
  simFailures: number;
};

// One row per job run and operator: started, finished, outcome, counts, error.
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    job: text("job").notNull(),
    operatorId: uuid("operator_id").references(() => operators.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // running | succeeded | failed | skipped
    outcome: text("outcome").notNull(),
    counts: jsonb("counts").$type<SyncRunCounts>(),
    error: text("error"),
  },
  (t) => [index("sync_runs_operator_idx").on(t.operatorId, t.startedAt), index("sync_runs_started_idx").on(t.startedAt)],
);

// The last cycle-to-date total seen per SIM, for operators that report cumulative usage: the sync
// records only the growth beyond it, under a row lock, so overlapping runs never count twice.
export const operatorUsageCounters = pgTable("operator_usage_counters", {
  simId: bigint("sim_id", { mode: "number" })
    .primaryKey()
    .references(() => sims.id, { onDelete: "cascade" }),
  cycleStart: date("cycle_start", { mode: "string" }).notNull(),
  totalBytes: bigint("total_bytes", { mode: "number" }).notNull(),
  // When the operator was asked for that total: an older reading that arrives later is stale.
  observedAt: timestamp("observed_at", { withTimezone: true }),
});
