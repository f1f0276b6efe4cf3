import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { companies } from "./companies";
import { invoices } from "./invoices";
import { planRefillPackages } from "./plans";
import { sims } from "./sims";
import { wallets } from "./wallets";

// Card payments (lib/payments). The provider (Stripe, or the built-in sandbox) holds the cards
// and the money; these tables hold what the portal must know to credit each payment exactly once.
// Money: integer minor units of `currency`.

// Who pays: an end user for their own SIMs, or a company (its admins share the company's cards).
export const paymentCustomers = pgTable(
  "payment_customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // stripe | sandbox
    provider: text("provider").notNull(),
    userId: uuid("user_id").references(() => users.id),
    companyId: uuid("company_id").references(() => companies.id),
    // Set once the provider created it (idempotency key `customer:<id>`, stored with this row first).
    providerCustomerId: text("provider_customer_id"),
    // Company customers: the card subscription invoices are charged to when they are issued.
    invoiceCardId: uuid("invoice_card_id").references((): AnyPgColumn => paymentCards.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payment_customers_user_key").on(t.provider, t.userId).where(sql`${t.userId} IS NOT NULL`),
    uniqueIndex("payment_customers_company_key").on(t.provider, t.companyId).where(sql`${t.companyId} IS NOT NULL`),
    uniqueIndex("payment_customers_provider_id_key").on(t.provider, t.providerCustomerId),
    check("payment_customers_one_payer", sql`(${t.userId} IS NULL) <> (${t.companyId} IS NULL)`),
  ],
);

// Saved cards: the provider's payment method and what may be shown of it (never the number).
export const paymentCards = pgTable(
  "payment_cards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => paymentCustomers.id),
    providerMethodId: text("provider_method_id").notNull(),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    expMonth: integer("exp_month").notNull(),
    expYear: integer("exp_year").notNull(),
    addedBy: uuid("added_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Removed cards stay for the history of the payments made with them.
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("payment_cards_provider_method_key").on(t.providerMethodId), index("payment_cards_customer_idx").on(t.customerId)],
);

// One row per charge, written with its idempotency key before the provider is called, so a crash
// after the call and a rerun reach the same provider payment. `creditedAt` is set in the
// transaction that applies the credit (refill, wallet top-up, invoice paid): exactly once,
// whichever of the synchronous confirmation, the webhook or the reconciliation job comes first.
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => paymentCustomers.id),
    cardId: uuid("card_id").references(() => paymentCards.id),
    // refill | wallet_top_up | invoice
    purpose: text("purpose").notNull(),
    // manual (someone pressed Pay) | auto_refill | invoice_auto (charged when the invoice was issued)
    trigger: text("trigger").notNull(),
    // Scope: the company the payment belongs to (the SIM's, the wallet's, the invoice's) and,
    // for an end user's payment, the end user.
    companyId: uuid("company_id").references(() => companies.id),
    userId: uuid("user_id").references(() => users.id),
    // Refill: the SIM and the package bought, copied so a later plan change does not alter it.
    simId: bigint("sim_id", { mode: "number" }).references(() => sims.id),
    // Null once the plan's packages were replaced: the package is copied below anyway.
    refillPackageId: uuid("refill_package_id").references(() => planRefillPackages.id, { onDelete: "set null" }),
    packageDataBytes: bigint("package_data_bytes", { mode: "number" }),
    packageValidityDays: integer("package_validity_days"),
    walletId: uuid("wallet_id").references(() => wallets.id),
    invoiceId: uuid("invoice_id").references(() => invoices.id),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    providerPaymentId: text("provider_payment_id"),
    // pending (stored, provider not yet answered) | requires_action | processing | succeeded | failed | canceled
    status: text("status").notNull().default("pending"),
    failureCode: text("failure_code"),
    declineCode: text("decline_code"),
    failureMessage: text("failure_message"),
    // Auto-refill: the threshold crossing this charge is for and its attempt (soft declines retry).
    crossing: integer("crossing"),
    attempt: integer("attempt").notNull().default(1),
    creditedAt: timestamp("credited_at", { withTimezone: true }),
    // Paid but nothing could be credited (the SIM left its prepaid plan, say): staff refund it.
    creditError: text("credit_error"),
    refundedMinor: bigint("refunded_minor", { mode: "number" }).notNull().default(0),
    // The person who pressed Pay; null for automatic charges.
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("payments_idempotency_key").on(t.idempotencyKey),
    uniqueIndex("payments_provider_payment_key").on(t.provider, t.providerPaymentId),
    // An invoice has at most one payment that is paid or may still be.
    // (A late success of an old attempt after another payment paid the invoice is recorded with a
    // credit error for staff to refund, outside this index: lib/payments/settle.ts.)
    uniqueIndex("payments_invoice_open_key").on(t.invoiceId).where(sql`${t.invoiceId} IS NOT NULL AND ${t.status} NOT IN ('failed', 'canceled') AND ${t.creditError} IS NULL`),
    index("payments_created_idx").on(t.createdAt, t.id),
    index("payments_company_created_idx").on(t.companyId, t.createdAt),
    index("payments_user_created_idx").on(t.userId, t.createdAt),
    index("payments_sim_created_idx").on(t.simId, t.createdAt),
    index("payments_unsettled_idx").on(t.updatedAt).where(sql`${t.status} IN ('pending', 'processing', 'requires_action') OR (${t.status} = 'succeeded' AND ${t.creditedAt} IS NULL)`),
    // Staff attention: paid but nothing credited.
    index("payments_credit_error_idx").on(t.createdAt).where(sql`${t.creditError} IS NOT NULL`),
    check("payments_amount_positive", sql`${t.amountMinor} > 0`),
    check("payments_refunded_range", sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.amountMinor}`),
    check("payments_status", sql`${t.status} IN ('pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')`),
    check("payments_trigger", sql`${t.trigger} IN ('manual', 'auto_refill', 'invoice_auto')`),
    check(
      "payments_purpose_target",
      sql`(${t.purpose} = 'refill' AND ${t.simId} IS NOT NULL AND ${t.packageDataBytes} IS NOT NULL AND ${t.packageValidityDays} IS NOT NULL)
      OR (${t.purpose} = 'wallet_top_up' AND ${t.walletId} IS NOT NULL)
      OR (${t.purpose} = 'invoice' AND ${t.invoiceId} IS NOT NULL)`,
    ),
  ],
);

// Refunds staff make; the key is stored before the provider is called, like a charge's.
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    providerRefundId: text("provider_refund_id"),
    // pending | succeeded | failed
    status: text("status").notNull().default("pending"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("payment_refunds_idempotency_key").on(t.idempotencyKey),
    index("payment_refunds_payment_idx").on(t.paymentId),
    check("payment_refunds_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

// Auto-refill of one prepaid SIM: below `thresholdBytes` of data left, one off-session charge of
// the package to the card per threshold crossing, never more than `monthlyCapMinor` of automatic
// refills in a calendar month (UTC).
export const autoRefills = pgTable(
  "auto_refills",
  {
    simId: bigint("sim_id", { mode: "number" })
      .primaryKey()
      .references(() => sims.id),
    enabled: boolean("enabled").notNull(),
    thresholdBytes: bigint("threshold_bytes", { mode: "number" }).notNull(),
    // Null once the plan's packages were replaced: the job pauses it until the payer picks another.
    packageId: uuid("package_id").references(() => planRefillPackages.id, { onDelete: "set null" }),
    cardId: uuid("card_id")
      .notNull()
      .references(() => paymentCards.id),
    monthlyCapMinor: bigint("monthly_cap_minor", { mode: "number" }).notNull(),
    // The consent to off-session charges, as shown, and who gave it when.
    consentText: text("consent_text").notNull(),
    consentAt: timestamp("consent_at", { withTimezone: true }).notNull(),
    consentBy: uuid("consent_by")
      .notNull()
      .references(() => users.id),
    // The number of the current threshold crossing; a charge's key names it, so one crossing is
    // charged once. Armed: data left is at or above the threshold, so the next fall is a new crossing.
    crossing: integer("crossing").notNull().default(0),
    armed: boolean("armed").notNull().default(true),
    // Paused after a hard decline or an authentication the bank asked for, until the user acts.
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    pauseReason: text("pause_reason"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("auto_refills_amounts", sql`${t.thresholdBytes} >= 0 AND ${t.monthlyCapMinor} > 0`)],
);

// Stripe webhook events handled, by event id: a redelivery is answered without acting twice.
// Written in the transaction that acts on the event, so a failed attempt leaves no mark.
export const paymentEvents = pgTable("payment_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
});

// The sandbox provider's own state (lib/payments/sandbox): its customers, cards, setups, payment
// intents and refunds, as Stripe would hold them, so the sandbox survives restarts, is shared by
// app instances and honours idempotency keys. Only lib/payments/sandbox reads and writes it.
export const paymentSandboxObjects = pgTable(
  "payment_sandbox_objects",
  {
    id: text("id").primaryKey(),
    // customer | payment_method | setup_intent | payment_intent | refund
    kind: text("kind").notNull(),
    idempotencyKey: text("idempotency_key"),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_sandbox_objects_idempotency_key").on(t.kind, t.idempotencyKey)],
);
