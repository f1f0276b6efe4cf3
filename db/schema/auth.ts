import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { userRole } from "./enums";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stored lower-cased; the unique index makes e-mail the sign-in identity.
    email: text("email").notNull(),
    name: text("name"),
    // Null for an invited user who has not chosen a password yet.
    passwordHash: text("password_hash"),
    role: userRole("role").notNull(),
    companyId: uuid("company_id").references(() => companies.id),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    index("users_company_idx").on(t.companyId),
    index("users_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_admin_has_company", sql`${t.role} <> 'company_admin' OR ${t.companyId} IS NOT NULL`),
  ],
);

// Failed sign-ins per key (e-mail, and client address): kept in the database so that every
// app instance throttles the same way.
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

// An invitation to an end user (or anyone created without a password): the link carries the
// token, only its SHA-256 is stored; accepting it sets the password once.
export const userInvites = pgTable(
  "user_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("user_invites_token_key").on(t.tokenHash), index("user_invites_user_idx").on(t.userId)],
);
