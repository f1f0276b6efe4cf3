import { bigint, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ledgerEntryKind } from "./enums";
import { sims } from "./sims";

// Prepaid data allowance: append-only grants (plan start, refills) and debits (usage), each with
// a unique source key so that a replay is a no-op. Data left = grants - debits within validity.
export const allowanceLedger = pgTable(
  "allowance_ledger",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id),
    kind: ledgerEntryKind("kind").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    // Grants: the validity end they set.
    validUntil: timestamp("valid_until", { withTimezone: true }),
    sourceKey: text("source_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("allowance_ledger_source_key").on(t.sourceKey), index("allowance_ledger_sim_idx").on(t.simId, t.createdAt)],
);

// A dormancy warning sent for a SIM's last refill: one per refill, so a daily job warns once and a
// refill (a new grant) starts the count again.
export const dormancyNotices = pgTable(
  "dormancy_notices",
  {
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id),
    refillAt: timestamp("refill_at", { withTimezone: true }).notNull(),
    warnedAt: timestamp("warned_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.simId, t.refillAt] })],
);
