import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  integer,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";
import { actorKind, formFactor, simStatus, simType, statusReason } from "./enums";
import { operators } from "./operators";
import { plans } from "./plans";

export const sims = pgTable(
  "sims",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    iccid: text("iccid").notNull(),
    formFactor: formFactor("form_factor").notNull(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    status: simStatus("status").notNull(),
    statusReason: statusReason("status_reason"),
    statusDetail: text("status_detail"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    // The "product": a SIM counts usage once it has a plan and a company (or is for the store).
    planId: uuid("plan_id").references(() => plans.id),
    // Copied from the plan when it is assigned, so the list can filter and sort on it.
    simType: simType("sim_type"),
    companyId: uuid("company_id").references(() => companies.id),
    endUserId: uuid("end_user_id").references(() => users.id),
    storeUse: boolean("store_use").notNull().default(false),
    imsi: text("imsi"),
    msisdn: text("msisdn"),
    eid: text("eid"),
    // eSIM: the SGP.22 activation code (what the QR code holds) and, when the profile needs one,
    // the confirmation code, which is shown separately and never put in the QR code.
    activationCode: text("activation_code"),
    confirmationCode: text("confirmation_code"),
    // Null when the integration cannot tell (shown as N/A); sessionUpdatedAt is when it last changed.
    inSession: boolean("in_session"),
    sessionUpdatedAt: timestamp("session_updated_at", { withTimezone: true }),
    // Prepaid balance derived from the allowance ledger, kept here for the list's sort.
    dataLeftBytes: bigint("data_left_bytes", { mode: "number" }),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    // Usage in the UTC month `month_usage_period` (its first day); another month reads as 0.
    monthUsageBytes: bigint("month_usage_bytes", { mode: "number" }).notNull().default(0),
    monthUsagePeriod: date("month_usage_period", { mode: "string" }),
    lastUsageAt: timestamp("last_usage_at", { withTimezone: true }),
    note: text("note"),
    // SIM swap: the SIM whose line, product and end user this one took over. The old SIM is
    // retired (retired_at) and keeps its own history; this reference links the two.
    replacesSimId: bigint("replaces_sim_id", { mode: "number" }).references((): AnyPgColumn => sims.id),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sims_iccid_key").on(t.iccid),
    // Prefix search (LIKE 'x%') needs pattern ops whatever the database collation.
    index("sims_iccid_pattern_idx").on(t.iccid.op("text_pattern_ops")),
    index("sims_msisdn_pattern_idx").on(t.msisdn.op("text_pattern_ops")),
    index("sims_note_trgm_idx").using("gin", t.note.op("gin_trgm_ops")),
    // Keyset pagination: every sort ends in iccid; company admins always filter by company.
    index("sims_company_iccid_idx").on(t.companyId, t.iccid),
    index("sims_company_status_idx").on(t.companyId, t.status, t.iccid),
    index("sims_company_data_left_idx").on(t.companyId, t.dataLeftBytes, t.iccid),
    index("sims_company_valid_until_idx").on(t.companyId, t.validUntil, t.iccid),
    index("sims_company_month_usage_idx").on(t.companyId, t.monthUsageBytes, t.iccid),
    index("sims_status_idx").on(t.status, t.iccid),
    index("sims_data_left_idx").on(t.dataLeftBytes, t.iccid),
    index("sims_valid_until_idx").on(t.validUntil, t.iccid),
    index("sims_month_usage_idx").on(t.monthUsageBytes, t.iccid),
    index("sims_operator_idx").on(t.operatorId, t.iccid),
    index("sims_type_idx").on(t.simType, t.iccid),
    index("sims_end_user_idx").on(t.endUserId, t.iccid),
    index("sims_plan_idx").on(t.planId),
    uniqueIndex("sims_replaces_key").on(t.replacesSimId),
  ],
);

// Labels belong to a company (its admins manage them) or, with no company, to the platform.
export const labels = pgTable(
  "labels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").references(() => companies.id),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("labels_company_name_key").on(sql`coalesce(${t.companyId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.name)],
);

export const simLabels = pgTable(
  "sim_labels",
  {
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id, { onDelete: "cascade" }),
    labelId: uuid("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.labelId, t.simId] }), index("sim_labels_sim_idx").on(t.simId)],
);

export const simStatusHistory = pgTable(
  "sim_status_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id),
    fromStatus: simStatus("from_status"),
    toStatus: simStatus("to_status").notNull(),
    reason: statusReason("reason").notNull(),
    detail: text("detail"),
    actorKind: actorKind("actor_kind").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sim_status_history_sim_idx").on(t.simId, t.createdAt)],
);

// SIMs per status for every combination of the list's cheap filters, kept by statement-level
// triggers on `sims` (migration 0004), so the per-status counts of a million-SIM fleet are a sum
// over a few hundred rows instead of a scan. "company_key" is the nil UUID for SIMs without a
// company, "sim_type_key" is 'none' without a plan, "session_key" is 'yes', 'no' or 'na'.
export const simCounts = pgTable(
  "sim_counts",
  {
    companyKey: uuid("company_key").notNull(),
    operatorId: uuid("operator_id").notNull(),
    status: simStatus("status").notNull(),
    simTypeKey: text("sim_type_key").notNull(),
    formFactor: formFactor("form_factor").notNull(),
    sessionKey: text("session_key").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyKey, t.operatorId, t.status, t.simTypeKey, t.formFactor, t.sessionKey] })],
);

// The same per-status counts for each label, so filtering by a label stays cheap too (migration 0006).
export const simLabelCounts = pgTable(
  "sim_label_counts",
  {
    labelId: uuid("label_id").notNull(),
    companyKey: uuid("company_key").notNull(),
    status: simStatus("status").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.labelId, t.companyKey, t.status] })],
);

// An operation carried out at the operator (suspend, resume…): the SIM shows Pending meanwhile.
// At most one open operation per SIM (a partial unique index), so of two concurrent requests one
// wins and the other is refused. Worked by the `run-operations` job, which claims rows with a
// short lock (`locked_until`) so a crashed worker's operations are picked up again.
export const simOperations = pgTable(
  "sim_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    simId: bigint("sim_id", { mode: "number" })
      .notNull()
      .references(() => sims.id, { onDelete: "cascade" }),
    // activate | suspend | resume | swap
    kind: text("kind").notNull(),
    // swap: the SIM that takes over the line.
    newSimId: bigint("new_sim_id", { mode: "number" }).references(() => sims.id),
    // Why and by whom: a user's request, or the system (no data left, validity ended, dormancy)
    // or a rule; the SIM's status carries the reason when the operation ends.
    reason: statusReason("reason").notNull().default("user"),
    actorKind: actorKind("actor_kind").notNull().default("user"),
    previousStatus: simStatus("previous_status").notNull(),
    previousReason: statusReason("previous_reason"),
    previousDetail: text("previous_detail"),
    targetStatus: simStatus("target_status").notNull(),
    // queued (not yet sent) | requested (the operator is working on it) | succeeded | failed
    state: text("state").notNull(),
    operatorOperationId: text("operator_operation_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    error: text("error"),
    requestedBy: uuid("requested_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sim_operations_one_open").on(t.simId).where(sql`${t.state} IN ('queued', 'requested')`),
    index("sim_operations_due_idx").on(t.nextAttemptAt).where(sql`${t.state} IN ('queued', 'requested')`),
    index("sim_operations_sim_idx").on(t.simId, t.createdAt),
  ],
);
