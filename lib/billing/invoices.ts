import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, companies, invoiceLines, invoices } from "@/db/schema";
import { chunks, rowsOf } from "@/db/sql";
import { systemAuditEntry } from "@/lib/audit";
import { logger } from "@/lib/logger";
import { planName, type PlanTerms } from "@/lib/sims/plan-name";
import type { Tx } from "@/lib/sims/sim-change";
import { previousBillingPeriod, type BillingPeriod } from "./billing-period";
import { allocateInvoiceNumber } from "./invoice-numbers";
import { draftInvoices, type InvoiceDraft, type SubscriptionSimFacts } from "./invoice-lines";

// The `issue-invoices` cron job: for each company, the last billing month in its time zone that
// ended at least a day ago (USAGE_SETTLE_MS), one invoice per currency listing each subscription
// SIM's monthly fee and usage beyond the included data (the rules are in invoice-lines.ts). Safe to run as often and as concurrently as
// any scheduler likes: a transaction-scoped advisory lock per company and month makes a second
// run wait and then find the invoices there, the partial unique index is the backstop, and the
// number is allocated in the same transaction, so nothing is issued twice and no number is lost.

export type IssueSummary = { companies: number; issued: number; failed: number };

// A month is invoiced once it has been over for a day: operators report usage late (records
// arrive with the next sync, or hours later from some), and an issued invoice never changes.
export const USAGE_SETTLE_MS = 24 * 60 * 60 * 1000;

export async function issueInvoices(options: { db: Db; now: () => Date }): Promise<IssueSummary> {
  const at = options.now();
  const all = await options.db.select({ id: companies.id, name: companies.name, timeZone: companies.timeZone }).from(companies).orderBy(companies.name);
  const summary: IssueSummary = { companies: all.length, issued: 0, failed: 0 };
  for (const company of all) {
    try {
      const period = previousBillingPeriod(new Date(at.getTime() - USAGE_SETTLE_MS), company.timeZone);
      summary.issued += await issueForCompany(options.db, company.id, period, at);
    } catch (error) {
      // One company's problem (an unknown time zone…) must not hold up everyone else's invoices.
      summary.failed += 1;
      logger.error("issuing invoices failed", { companyId: company.id, error });
    }
  }
  return summary;
}

// Issues the company's invoices for the period, all currencies in one transaction, so a period
// that has any invoice is done; returns how many it issued.
async function issueForCompany(db: Db, companyId: string, period: BillingPeriod, at: Date): Promise<number> {
  // The common case (the scheduler calls every few minutes): already issued, no transaction needed.
  if (await periodIssued(db, companyId, period)) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`invoices:${companyId}:${period.start}`}, 0))`);
    // Checked again under the lock: a concurrent run may have issued them meanwhile.
    if (await periodIssued(tx, companyId, period)) return 0;
    const drafts = draftInvoices(await subscriptionSims(tx, companyId, period));
    for (const draft of drafts) await insertInvoice(tx, companyId, period, draft, at);
    return drafts.length;
  });
}

async function periodIssued(db: Db | Tx, companyId: string, period: BillingPeriod): Promise<boolean> {
  const [row] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.companyId, companyId), eq(invoices.periodStart, period.start), eq(invoices.kind, "invoice")))
    .limit(1);
  return row !== undefined;
}

async function insertInvoice(tx: Tx, companyId: string, period: BillingPeriod, draft: InvoiceDraft, at: Date): Promise<void> {
  const number = await allocateInvoiceNumber(tx, at);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      number,
      kind: "invoice",
      companyId,
      currency: draft.currency,
      periodStart: period.start,
      periodEnd: period.end,
      timeZone: period.timeZone,
      issuedAt: at,
      totalMinor: draft.totalMinor,
    })
    .returning({ id: invoices.id });
  if (!invoice) throw new Error("invoice insert returned nothing");
  const rows = draft.lines.map((line, i) => ({ ...line, invoiceId: invoice.id, position: i + 1 }));
  // A fleet's invoice can have more lines than one statement may carry parameters (65,535).
  for (const batch of chunks(rows, 2_000)) await tx.insert(invoiceLines).values(batch);
  await tx.insert(auditLog).values(
    systemAuditEntry(at, {
      action: "invoice.issue",
      targetType: "invoice",
      targetId: number,
      companyId,
      after: { invoiceId: invoice.id, period: period.start, currency: draft.currency, totalMinor: draft.totalMinor, lines: draft.lines.length },
    }),
  );
}

// The company's subscription SIMs whose billing has started by the period's end, with their usage
// in the period. A SIM that took over another's line in a swap carries the retired SIM's usage
// (replaces_sim_id, followed back through earlier swaps): the line is billed once, by the live SIM.
async function subscriptionSims(tx: Tx, companyId: string, period: BillingPeriod): Promise<SubscriptionSimFacts[]> {
  const start = period.startAt.toISOString();
  const end = period.endAt.toISOString();
  const rows = rowsOf(
    await tx.execute(sql`
      WITH RECURSIVE billed AS (
        SELECT s.id, s.iccid, s.plan_id FROM sims s JOIN plans p ON p.id = s.plan_id
        WHERE s.company_id = ${companyId} AND s.retired_at IS NULL AND p.type = 'subscription'
      ), line_sims (billed_id, sim_id) AS (
        SELECT id, id FROM billed
        UNION
        SELECT l.billed_id, s.replaces_sim_id FROM line_sims l JOIN sims s ON s.id = l.sim_id WHERE s.replaces_sim_id IS NOT NULL
      )
      SELECT b.id, b.iccid, p.id AS plan_id, p.custom_name, p.currency, p.monthly_fee_minor, p.included_bytes,
        p.overage_per_mb_micros, o.name AS operator_name,
        (SELECT coalesce(sum(u.bytes), 0) FROM line_sims l JOIN usage_records u ON u.sim_id = l.sim_id
          WHERE l.billed_id = b.id AND u.started_at >= ${start}::timestamptz AND u.started_at < ${end}::timestamptz) AS usage_bytes
      FROM billed b JOIN plans p ON p.id = b.plan_id JOIN operators o ON o.id = p.operator_id
      WHERE EXISTS (SELECT 1 FROM line_sims l JOIN usage_records u ON u.sim_id = l.sim_id
        WHERE l.billed_id = b.id AND u.started_at < ${end}::timestamptz)`),
  );
  return rows.map((r) => {
    const terms: PlanTerms = {
      type: "subscription",
      customName: r.custom_name === null ? null : String(r.custom_name),
      currency: String(r.currency),
      priceMinor: null,
      dataBytes: null,
      validityDays: null,
      monthlyFeeMinor: Number(r.monthly_fee_minor),
      includedBytes: Number(r.included_bytes),
      overagePerMbMicros: Number(r.overage_per_mb_micros),
      defaultPerMbMicros: null,
    };
    return {
      simId: Number(r.id),
      iccid: String(r.iccid),
      planId: String(r.plan_id),
      planName: planName(String(r.operator_name), terms),
      currency: terms.currency,
      monthlyFeeMinor: Number(r.monthly_fee_minor),
      includedBytes: Number(r.included_bytes),
      overagePerMbMicros: Number(r.overage_per_mb_micros),
      usageBytes: Number(r.usage_bytes),
    };
  });
}
