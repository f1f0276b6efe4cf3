import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { simType } from "./enums";
import { operators } from "./operators";

// Money: integer minor units of `currency`. Per-MB rates: millionths of a minor unit per MB
// ("micros"), so a price of 0.0001 EUR/MB is 10,000 micros and never rounds to zero.
// Data: integer bytes; 1 MB = 1,000,000 bytes (lib/units.ts).
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    type: simType("type").notNull(),
    // Null: the name is generated from the terms (lib/sims/plan-name.ts).
    customName: text("custom_name"),
    currency: text("currency").notNull(),
    // A plan in use is versioned, not edited: SIMs keep the terms they were sold.
    version: integer("version").notNull().default(1),
    previousVersionId: uuid("previous_version_id"),
    retired: boolean("retired").notNull().default(false),
    // Prepaid: price of the initial package, its data and validity.
    priceMinor: bigint("price_minor", { mode: "number" }),
    dataBytes: bigint("data_bytes", { mode: "number" }),
    validityDays: integer("validity_days"),
    // Subscription: monthly fee, included data, price beyond it.
    monthlyFeeMinor: bigint("monthly_fee_minor", { mode: "number" }),
    includedBytes: bigint("included_bytes", { mode: "number" }),
    overagePerMbMicros: bigint("overage_per_mb_micros", { mode: "number" }),
    // PAYGO: price per MB where no country rate applies.
    defaultPerMbMicros: bigint("default_per_mb_micros", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plans_operator_idx").on(t.operatorId),
    check(
      "plans_terms_match_type",
      sql`(${t.type} <> 'prepaid' OR (${t.priceMinor} IS NOT NULL AND ${t.dataBytes} IS NOT NULL AND ${t.validityDays} IS NOT NULL))
      AND (${t.type} <> 'subscription' OR (${t.monthlyFeeMinor} IS NOT NULL AND ${t.includedBytes} IS NOT NULL AND ${t.overagePerMbMicros} IS NOT NULL))
      AND (${t.type} <> 'paygo' OR ${t.defaultPerMbMicros} IS NOT NULL)`,
    ),
  ],
);

export const planRefillPackages = pgTable("plan_refill_packages", {
  id: uuid("id").primaryKey().defaultRandom(),
  planId: uuid("plan_id")
    .notNull()
    .references(() => plans.id),
  dataBytes: bigint("data_bytes", { mode: "number" }).notNull(),
  validityDays: integer("validity_days").notNull(),
  priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
});

export const planCountryRates = pgTable(
  "plan_country_rates",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    countryCode: text("country_code").notNull(),
    perMbMicros: bigint("per_mb_micros", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.countryCode] })],
);
