import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { operators } from "./operators";

// The simulator driver's own network: what the simulated operator believes about each line.
// Only operators/simulator reads and writes these tables; the portal learns them through sync.
export const simulatorLines = pgTable("simulator_lines", {
  iccid: text("iccid").primaryKey(),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => operators.id, { onDelete: "cascade" }),
  // False: the operator does not know this SIM (it becomes Invalid in the portal).
  known: boolean("known").notNull(),
  // ready | active | suspended | retired (operators/types.ts LineState)
  state: text("state").notNull(),
  msisdn: text("msisdn"),
  imsi: text("imsi"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

export const simulatorOperations = pgTable(
  "simulator_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    iccid: text("iccid").notNull(),
    // activate | suspend | resume | swap
    kind: text("kind").notNull(),
    // swap: the card that takes over the line.
    newIccid: text("new_iccid"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    completesAt: timestamp("completes_at", { withTimezone: true }).notNull(),
    // succeeded | failed, decided when requested (deterministic from the simulator's seed)
    outcome: text("outcome").notNull(),
    detail: text("detail"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [index("simulator_operations_iccid_idx").on(t.iccid)],
);
