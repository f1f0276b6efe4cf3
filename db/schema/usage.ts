import { bigint, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sims } from "./sims";

// One row per operator usage record. `source_key` (operator + record id) makes ingestion
// idempotent: a replayed record is a no-op.
export const usageRecords = pgTable(
  "usage_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id),
    sourceKey: text("source_key").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    // Visited network (null when the operator does not report it), and the ISO 3166 country it
    // maps to (null for international networks or an unknown network).
    mccMnc: text("mcc_mnc"),
    countryCode: text("country_code"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("usage_records_source_key").on(t.sourceKey), index("usage_records_sim_idx").on(t.simId, t.startedAt)],
);
