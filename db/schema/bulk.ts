import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";
import { sims } from "./sims";

// A bulk action on many SIMs (assign plan, labels, end user, suspend…). The selection is resolved
// into one item per SIM when the job is created; the `run-bulk-actions` job works the items in
// batches, each batch in one transaction, and records each SIM's result. The request's
// idempotency key makes a resubmitted form find the job it already created.
export const bulkJobs = pgTable(
  "bulk_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull(),
    // The action and its parameters (lib/sims/bulk/actions.ts).
    action: jsonb("action").notNull(),
    // Who asked, and within which company they act (null: platform staff).
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    companyId: uuid("company_id").references(() => companies.id),
    requestId: text("request_id"),
    // A description of the selection, for the page ("12 selected SIMs", "Status: Active").
    selection: text("selection").notNull(),
    // running | finished
    state: text("state").notNull(),
    total: integer("total").notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("bulk_jobs_idempotency_key").on(t.requestedBy, t.idempotencyKey),
    index("bulk_jobs_running_idx").on(t.createdAt).where(sql`${t.state} = 'running'`),
    index("bulk_jobs_company_idx").on(t.companyId, t.createdAt),
  ],
);

export const bulkJobItems = pgTable(
  "bulk_job_items",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => bulkJobs.id, { onDelete: "cascade" }),
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id),
    iccid: text("iccid").notNull(),
    // queued | changed | unchanged | refused
    outcome: text("outcome").notNull(),
    message: text("message"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.simId] }), index("bulk_job_items_outcome_idx").on(t.jobId, t.outcome, t.simId)],
);
