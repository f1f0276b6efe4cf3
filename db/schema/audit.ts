import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";
import { actorKind } from "./enums";

// Append-only: a trigger (migration 0002) refuses UPDATE and DELETE.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorKind: actorKind("actor_kind").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    companyId: uuid("company_id").references(() => companies.id),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_company_idx").on(t.companyId, t.createdAt),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.createdAt),
    // Staff's unfiltered view: newest first, keyset on (created_at, id).
    index("audit_log_created_idx").on(t.createdAt, t.id),
  ],
);
