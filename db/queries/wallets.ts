import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { companies, plans, sims, users, walletEntries, wallets } from "@/db/schema";
import { MICROS_PER_MINOR } from "@/lib/money";
import type { Scope } from "@/lib/auth/viewer";
import { type BillingPeriod, billingPeriodOf } from "@/lib/billing/billing-period";
import { isUuid } from "@/lib/uuid";

// PAYGO wallets as a viewer may read them: staff all, a company admin their company's, end users
// none. Balances are micros (millionths of a minor unit); statement sums are exact, never rounded.

export function walletScopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(wallets.companyId, scope.companyId);
    case "end_user":
      return sql`false`;
  }
}

// Below its minimum the wallet holds back its company's PAYGO SIMs in its currency.
export const walletBelowMinimum = sql`${wallets.balanceMicros} < ${wallets.minimumBalanceMinor} * ${MICROS_PER_MINOR}`;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const sumBigint = (column: SQL | typeof walletEntries.amountMicros | typeof walletEntries.bytes) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);

// The company's PAYGO SIMs (not retired) whose plan bills in the wallet's currency, and those of
// them held back for lack of funds: suspended, or being suspended, with reason no_funds.
const paygoSimCount = (held: boolean) =>
  sql<number>`(
  SELECT count(*)::int FROM ${sims} JOIN ${plans} ON ${plans.id} = ${sims.planId}
  WHERE ${sims.companyId} = ${wallets.companyId} AND ${sims.simType} = 'paygo' AND ${plans.currency} = ${wallets.currency} AND ${sims.retiredAt} IS NULL
    ${held ? sql`AND ${sims.statusReason} = 'no_funds' AND ${sims.status} IN ('suspended', 'pending')` : sql``}
)`.mapWith(Number);

const walletColumns = {
  id: wallets.id,
  companyId: wallets.companyId,
  companyName: companies.name,
  timeZone: companies.timeZone,
  currency: wallets.currency,
  balanceMicros: wallets.balanceMicros,
  minimumBalanceMinor: wallets.minimumBalanceMinor,
  belowMinimum: sql<boolean>`${walletBelowMinimum}`.mapWith(Boolean),
  paygoSims: paygoSimCount(false),
  heldSims: paygoSimCount(true),
  lastEntryAt: sql<Date | null>`(SELECT max(${walletEntries.occurredAt}) FROM ${walletEntries} WHERE ${walletEntries.walletId} = ${wallets.id})`.mapWith(
    (value: unknown) => (value === null || value === undefined ? null : new Date(value as string)),
  ),
  createdAt: wallets.createdAt,
};

// Every wallet in scope, by company name then currency; staff may narrow to one company.
export async function listWallets(scope: Scope, options: { companyId?: string } = {}) {
  const company = scope.kind === "platform" && options.companyId && isUuid(options.companyId) ? eq(wallets.companyId, options.companyId) : undefined;
  return getDb()
    .select(walletColumns)
    .from(wallets)
    .innerJoin(companies, eq(companies.id, wallets.companyId))
    .where(and(walletScopeCondition(scope), company))
    .orderBy(asc(companies.name), asc(wallets.currency));
}

export type WalletRow = Awaited<ReturnType<typeof listWallets>>[number];

// One wallet; null when it does not exist in the viewer's scope.
export async function findWallet(scope: Scope, id: string): Promise<WalletRow | null> {
  if (!isUuid(id)) return null;
  const [wallet] = await getDb()
    .select(walletColumns)
    .from(wallets)
    .innerJoin(companies, eq(companies.id, wallets.companyId))
    .where(and(eq(wallets.id, id), walletScopeCondition(scope)));
  return wallet ?? null;
}

export const WALLET_ENTRIES_PAGE_SIZE = 50;

// A wallet's entries, newest first. The cursor is the id of the previous page's last entry: the
// comparison reads its (occurred_at, id) from the database, so no timestamp is rounded through JS.
export async function listWalletEntries(scope: Scope, walletId: string, options: { after?: string } = {}) {
  if (!isUuid(walletId)) return { entries: [], nextCursor: null };
  const cursor = options.after && /^\d{1,15}$/.test(options.after) ? Number(options.after) : null;
  const rows = await getDb()
    .select({
      id: walletEntries.id,
      kind: walletEntries.kind,
      amountMicros: walletEntries.amountMicros,
      occurredAt: walletEntries.occurredAt,
      simId: walletEntries.simId,
      iccid: sims.iccid,
      countryCode: walletEntries.countryCode,
      bytes: walletEntries.bytes,
      ratePerMbMicros: walletEntries.ratePerMbMicros,
      note: walletEntries.note,
      createdByEmail: users.email,
    })
    .from(walletEntries)
    .innerJoin(wallets, eq(wallets.id, walletEntries.walletId))
    .leftJoin(sims, eq(sims.id, walletEntries.simId))
    .leftJoin(users, eq(users.id, walletEntries.createdBy))
    .where(
      and(
        eq(walletEntries.walletId, walletId),
        walletScopeCondition(scope),
        cursor === null
          ? undefined
          : sql`(${walletEntries.occurredAt}, ${walletEntries.id}) < (SELECT e.occurred_at, e.id FROM wallet_entries e WHERE e.id = ${cursor} AND e.wallet_id = ${walletId})`,
      ),
    )
    .orderBy(desc(walletEntries.occurredAt), desc(walletEntries.id))
    .limit(WALLET_ENTRIES_PAGE_SIZE + 1);
  const entries = rows.slice(0, WALLET_ENTRIES_PAGE_SIZE);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > WALLET_ENTRIES_PAGE_SIZE && last ? String(last.id) : null };
}

export type WalletEntryRow = Awaited<ReturnType<typeof listWalletEntries>>["entries"][number];

// The billing months ("YYYY-MM", the company's time zone) in which a wallet has entries, newest first.
export async function listStatementMonths(scope: Scope, walletId: string): Promise<string[]> {
  if (!isUuid(walletId)) return [];
  const month = sql<string>`to_char(${walletEntries.occurredAt} AT TIME ZONE ${companies.timeZone}, 'YYYY-MM')`;
  const rows = await getDb()
    .selectDistinct({ month })
    .from(walletEntries)
    .innerJoin(wallets, eq(wallets.id, walletEntries.walletId))
    .innerJoin(companies, eq(companies.id, wallets.companyId))
    .where(and(eq(walletEntries.walletId, walletId), walletScopeCondition(scope)))
    .orderBy(desc(month));
  return rows.map((r) => r.month);
}

// "2026-03" → the billing period of that month in the zone; null for anything else.
export function statementPeriod(month: string, timeZone: string): BillingPeriod | null {
  const match = MONTH.exec(month);
  if (!match || Number(match[1]) < 2000 || Number(match[1]) > 2999) return null;
  // Mid-month noon UTC is inside the same local month in every zone.
  const period = billingPeriodOf(new Date(`${month}-15T12:00:00Z`), timeZone);
  return period.start.startsWith(month) ? period : null;
}

// A wallet's statement for one billing month: usage per SIM x country x rate, the month's top-ups
// and adjustments, and the balance before and after. Null when the wallet is not in scope or the
// month does not parse.
export async function findWalletStatement(scope: Scope, walletId: string, month: string) {
  const wallet = await findWallet(scope, walletId);
  if (!wallet) return null;
  const period = statementPeriod(month, wallet.timeZone);
  if (!period) return null;
  const inWallet = eq(walletEntries.walletId, wallet.id);
  const inMonth = and(gte(walletEntries.occurredAt, period.startAt), lt(walletEntries.occurredAt, period.endAt));
  // One snapshot for the four reads, so usage ingested meanwhile cannot make the lines disagree
  // with the closing balance.
  const [lines, credits, [before], [during]] = await getDb().transaction(
    (db) =>
      Promise.all([
        db
          .select({
            simId: walletEntries.simId,
            iccid: sims.iccid,
            countryCode: walletEntries.countryCode,
            ratePerMbMicros: sql<number>`${walletEntries.ratePerMbMicros}`.mapWith(Number),
            bytes: sumBigint(walletEntries.bytes),
            chargeMicros: sumBigint(sql`-${walletEntries.amountMicros}`),
          })
          .from(walletEntries)
          .innerJoin(sims, eq(sims.id, walletEntries.simId))
          .where(and(inWallet, inMonth, eq(walletEntries.kind, "usage")))
          .groupBy(walletEntries.simId, sims.iccid, walletEntries.countryCode, walletEntries.ratePerMbMicros)
          .orderBy(asc(sims.iccid), sql`${walletEntries.countryCode} ASC NULLS LAST`, asc(walletEntries.ratePerMbMicros)),
        db
          .select({
            id: walletEntries.id,
            kind: walletEntries.kind,
            amountMicros: walletEntries.amountMicros,
            occurredAt: walletEntries.occurredAt,
            note: walletEntries.note,
            createdByEmail: users.email,
          })
          .from(walletEntries)
          .leftJoin(users, eq(users.id, walletEntries.createdBy))
          .where(and(inWallet, inMonth, inArray(walletEntries.kind, ["top_up", "adjustment"])))
          .orderBy(asc(walletEntries.occurredAt), asc(walletEntries.id)),
        db
          .select({ micros: sumBigint(walletEntries.amountMicros) })
          .from(walletEntries)
          .where(and(inWallet, lt(walletEntries.occurredAt, period.startAt))),
        db
          .select({ micros: sumBigint(walletEntries.amountMicros) })
          .from(walletEntries)
          .where(and(inWallet, inMonth)),
      ]),
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const openingMicros = before?.micros ?? 0;
  const totals = {
    usageBytes: lines.reduce((sum, l) => sum + l.bytes, 0),
    usageChargeMicros: lines.reduce((sum, l) => sum + l.chargeMicros, 0),
    creditsMicros: credits.reduce((sum, c) => sum + c.amountMicros, 0),
  };
  return { wallet, month, period, openingMicros, closingMicros: openingMicros + (during?.micros ?? 0), lines, credits, totals };
}

export type WalletStatement = NonNullable<Awaited<ReturnType<typeof findWalletStatement>>>;
