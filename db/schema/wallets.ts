import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";
import { sims } from "./sims";

// PAYGO wallets (lib/billing/wallets.ts): one per company and currency. Amounts are micros,
// millionths of a minor unit, because usage is rated per MB at rates that are themselves micros:
// a charge of a few bytes must not round to zero, and the entries must add up to the balance
// exactly. bigint as JS number is exact up to 2^53 micros (about 90 million EUR).
export const wallets = pgTable(
  "wallets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    currency: text("currency").notNull(),
    // Whole minor units; negative is a credit line. Below it the company's PAYGO SIMs in this
    // currency are suspended by the system, and resumed once the balance is back at or above it.
    minimumBalanceMinor: bigint("minimum_balance_minor", { mode: "number" }).notNull().default(0),
    // The sum of the wallet's entries, moved in the same transaction as each entry.
    balanceMicros: bigint("balance_micros", { mode: "number" }).notNull().default(0),
    // When the company's admins were told the wallet fell below its minimum; cleared once it is
    // back, so each fall is told once (lib/billing/wallet-notices.ts).
    belowMinimumNotifiedAt: timestamp("below_minimum_notified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("wallets_company_currency_key").on(t.companyId, t.currency)],
);

// Append-only (a trigger refuses UPDATE and DELETE, migration 0016); each entry has a
// unique source key, so a replayed usage batch or a resubmitted top-up is a no-op.
export const walletEntries = pgTable(
  "wallet_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    walletId: uuid("wallet_id")
      .notNull()
      .references(() => wallets.id),
    // usage (negative), top_up (positive), adjustment (either sign)
    kind: text("kind").notNull(),
    amountMicros: bigint("amount_micros", { mode: "number" }).notNull(),
    sourceKey: text("source_key").notNull(),
    // Usage: the SIM, the visited country (null when the operator did not say), the bytes and
    // the rate per MB that priced them. One entry never spans two billing months.
    simId: bigint("sim_id", { mode: "number" }).references(() => sims.id),
    countryCode: text("country_code"),
    bytes: bigint("bytes", { mode: "number" }),
    ratePerMbMicros: bigint("rate_per_mb_micros", { mode: "number" }),
    // Top-ups and adjustments: who recorded them and why.
    note: text("note"),
    createdBy: uuid("created_by").references(() => users.id),
    // Usage: when the last of its records started; otherwise when it was recorded.
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("wallet_entries_source_key").on(t.sourceKey),
    index("wallet_entries_wallet_occurred_idx").on(t.walletId, t.occurredAt),
    index("wallet_entries_sim_idx").on(t.simId),
    check(
      "wallet_entries_kind",
      sql`(${t.kind} = 'usage' AND ${t.simId} IS NOT NULL AND ${t.bytes} IS NOT NULL AND ${t.ratePerMbMicros} IS NOT NULL AND ${t.amountMicros} <= 0)
      OR (${t.kind} = 'top_up' AND ${t.amountMicros} > 0)
      OR (${t.kind} = 'adjustment' AND ${t.amountMicros} <> 0)`,
    ),
  ],
);
