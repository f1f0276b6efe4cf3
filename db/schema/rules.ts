import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { sims } from "./sims";

// "When TRIGGER on these SIMs, do ACTIONS" (domain.md, Rules). Trigger and actions are
// validated by lib/rules before they are stored.
export const rules = pgTable(
  "rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").references(() => companies.id),
    name: text("name").notNull(),
    trigger: jsonb("trigger").$type<Record<string, unknown>>().notNull(),
    actions: jsonb("actions").$type<Record<string, unknown>[]>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rules_company_idx").on(t.companyId)],
);

export const simRules = pgTable(
  "sim_rules",
  {
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => rules.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.simId] }), index("sim_rules_sim_idx").on(t.simId)],
);
