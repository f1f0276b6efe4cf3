import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";

// Subscription invoices and credit notes (lib/billing/invoices.ts). Issued documents never
// change: a trigger refuses UPDATE, DELETE and TRUNCATE on both tables (migration 0015); a
// correction is a credit note, which is a document of its own with negative lines.
// Money: integer minor units of `currency`; rates: millionths of a minor unit per MB.
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Gapless within its series (invoice_number_counters), e.g. INV-2026-000001.
    number: text("number").notNull(),
    // invoice | credit_note
    kind: text("kind").notNull(),
    // A credit note: the invoice it cancels, and why.
    creditsInvoiceId: uuid("credits_invoice_id").references((): AnyPgColumn => invoices.id),
    reason: text("reason"),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    currency: text("currency").notNull(),
    // The billing month in the company's time zone: [period_start, period_end).
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    timeZone: text("time_zone").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    // Null: issued by the monthly job; a credit note names the staff member who made it.
    issuedBy: uuid("issued_by").references(() => users.id),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("invoices_number_key").on(t.number),
    // One invoice per company, period and currency, however often or concurrently the job runs.
    uniqueIndex("invoices_company_period_currency_key").on(t.companyId, t.periodStart, t.currency).where(sql`${t.kind} = 'invoice'`),
    // An invoice is credited at most once.
    uniqueIndex("invoices_credits_key").on(t.creditsInvoiceId).where(sql`${t.kind} = 'credit_note'`),
    index("invoices_company_issued_idx").on(t.companyId, t.issuedAt),
    index("invoices_issued_idx").on(t.issuedAt),
    check("invoices_kind", sql`${t.kind} IN ('invoice', 'credit_note')`),
    check("invoices_credit_note_target", sql`(${t.kind} = 'credit_note') = (${t.creditsInvoiceId} IS NOT NULL)`),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    position: integer("position").notNull(),
    // The SIM and plan billed, without foreign keys on purpose: a document is a self-contained copy
    // (ICCID and plan name are written out), and a TRUNCATE ... CASCADE of SIMs or plans must not
    // reach it (it would be refused by the trigger anyway).
    simId: bigint("sim_id", { mode: "number" }).notNull(),
    iccid: text("iccid").notNull(),
    planId: uuid("plan_id").notNull(),
    planName: text("plan_name").notNull(),
    // monthly_fee | overage
    kind: text("kind").notNull(),
    description: text("description").notNull(),
    // The SIM's usage in the period and its plan's included data.
    usageBytes: bigint("usage_bytes", { mode: "number" }).notNull(),
    includedBytes: bigint("included_bytes", { mode: "number" }).notNull(),
    // Overage lines: the bytes beyond the included data and the plan's price per MB.
    billableBytes: bigint("billable_bytes", { mode: "number" }),
    ratePerMbMicros: bigint("rate_per_mb_micros", { mode: "number" }),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("invoice_lines_invoice_position_key").on(t.invoiceId, t.position), index("invoice_lines_sim_idx").on(t.simId)],
);

// The next number of each series; taken with an UPDATE inside the issuing transaction, so a
// rollback gives the number back and the series has no gaps.
export const invoiceNumberCounters = pgTable("invoice_number_counters", {
  series: text("series").primaryKey(),
  next: bigint("next", { mode: "number" }).notNull(),
});
