import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["staff", "company_admin", "end_user"]);

// The spec's seven statuses, in the order the spec lists them.
export const simStatus = pgEnum("sim_status", [
  "not_available",
  "pending",
  "blank",
  "activation_ready",
  "active",
  "suspended",
  "invalid",
]);

// Who or what made a status change (domain.md: user, rule, expiry, operator…).
export const statusReason = pgEnum("status_reason", [
  "import",
  "user",
  "operator",
  "expiry",
  "no_data",
  "dormancy",
  "rule",
  "system",
  "no_funds",
]);

export const simType = pgEnum("sim_type", ["prepaid", "subscription", "paygo"]);
export const formFactor = pgEnum("form_factor", ["physical", "esim"]);
export const operatorDriver = pgEnum("operator_driver", ["none", "simulator", "cisco_control_center"]);
export const ledgerEntryKind = pgEnum("ledger_entry_kind", ["grant", "debit", "expire"]);
export const actorKind = pgEnum("actor_kind", ["user", "operator", "system", "rule"]);
