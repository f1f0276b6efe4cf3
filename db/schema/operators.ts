import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { operatorDriver } from "./enums";

export const operators = pgTable(
  "operators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // ISO 3166-1 alpha-2 home country and ISO 4217 billing currency of the contract.
    countryCode: text("country_code").notNull(),
    currency: text("currency").notNull(),
    driver: operatorDriver("driver").notNull().default("none"),
    // Non-secret driver settings (base URL, page size, simulator tuning).
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    // Secrets encrypted with OPERATOR_SECRETS_KEY; never sent to the browser or the logs.
    encryptedCredentials: text("encrypted_credentials"),
    // Contract terms: a prepaid SIM without a refill for this long may be deactivated.
    dormancyDays: integer("dormancy_days"),
    contractNotes: text("contract_notes"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("operators_name_key").on(t.name)],
);
