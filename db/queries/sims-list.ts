import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { companies, labels, operators, plans, simCounts, simLabelCounts, simLabels, sims, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { type Cursor, decodeCursor, encodeCursor } from "@/lib/sims/cursor";
import { type SimListItem, toSimListItem } from "@/lib/sims/list-item";
import { pageSizeOf, SIM_STATUSES, SIM_TYPES, type SimListQuery, type SortKey, sortOf } from "@/lib/sims/list-query";
import { planTermsColumns } from "./plan-columns";
import { unsafeLabelsAndRulesOf } from "./sim-labels-rules";
import { simScopeCondition } from "./sim-scope";

const endUsers = alias(users, "end_users");

// `valid` checks a cursor's value before it reaches a cast, so a forged link is a clear error.
type SortSpec = { column: SQL | typeof sims.iccid; cast: string; nullable: boolean; valid: (v: string | number) => boolean };
const isInteger = (v: string | number) => typeof v === "number" && Number.isSafeInteger(v);
const oneOf = (values: readonly string[]) => (v: string | number) => typeof v === "string" && values.includes(v);
// Each sort is served by an index on (column, iccid) and, for company admins, (company_id, column, iccid).
const SORTS: Record<SortKey, SortSpec> = {
  iccid: { column: sims.iccid, cast: "text", nullable: false, valid: (v) => typeof v === "string" },
  status: { column: sql`${sims.status}`, cast: "sim_status", nullable: false, valid: oneOf(SIM_STATUSES) },
  type: { column: sql`${sims.simType}`, cast: "sim_type", nullable: true, valid: oneOf(SIM_TYPES) },
  data_left: { column: sql`${sims.dataLeftBytes}`, cast: "bigint", nullable: true, valid: isInteger },
  days_left: {
    column: sql`${sims.validUntil}`,
    cast: "timestamptz",
    nullable: true,
    valid: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(v),
  },
  month_usage: { column: sql`${sims.monthUsageBytes}`, cast: "bigint", nullable: false, valid: isInteger },
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Digits: a prefix of the ICCID or MSISDN (range on pattern-ops indexes, plan-stable with bind
// parameters). Anything else: part of the note or the end user's e-mail (trigram indexes).
function searchCondition(q: string): SQL {
  const digits = q.replace(/[\s+-]/g, "");
  if (/^\d+$/.test(digits)) {
    const upper = digits.slice(0, -1) + String.fromCharCode(digits.charCodeAt(digits.length - 1) + 1);
    return sql`((${sims.iccid} ~>=~ ${digits} and ${sims.iccid} ~<~ ${upper}) or (${sims.msisdn} ~>=~ ${digits} and ${sims.msisdn} ~<~ ${upper}))`;
  }
  const pattern = `%${escapeLike(q)}%`;
  return sql`${sims.id} in (
    select ${sims.id} from ${sims} where ${sims.note} ilike ${pattern}
    union
    select s.id from ${sims} s join ${users} u on u.id = s.end_user_id where u.email ilike ${pattern})`;
}

// A company's label counts only on that company's SIMs, so that a link left from a former
// company shows nothing (see sim-labels-rules.ts). The owner is looked up once: a per-row check
// against the labels table makes the planner give up the index on the list's order.
async function labelCondition(labelId: string): Promise<SQL> {
  const [label] = await getDb().select({ companyId: labels.companyId }).from(labels).where(eq(labels.id, labelId)).limit(1);
  if (!label) return sql`false`;
  const linked = sql`exists (select 1 from ${simLabels} where ${simLabels.simId} = ${sims.id} and ${simLabels.labelId} = ${labelId})`;
  return label.companyId ? sql`${linked} and ${eq(sims.companyId, label.companyId)}` : linked;
}

// Everything the view filters on except the status, which the per-status counts leave out.
export async function simFilterConditions(scope: Scope, query: SimListQuery): Promise<SQL[]> {
  const conditions: SQL[] = [simScopeCondition(scope)];
  if (query.type === "none") conditions.push(isNull(sims.simType));
  else if (query.type) conditions.push(eq(sims.simType, query.type));
  if (query.form) conditions.push(eq(sims.formFactor, query.form));
  if (query.operator) conditions.push(eq(sims.operatorId, query.operator));
  if (scope.kind === "platform" && query.company === "none") conditions.push(isNull(sims.companyId));
  else if (scope.kind === "platform" && query.company) conditions.push(eq(sims.companyId, query.company));
  if (query.label) conditions.push(await labelCondition(query.label));
  if (query.session === "yes") conditions.push(eq(sims.inSession, true));
  else if (query.session === "no") conditions.push(eq(sims.inSession, false));
  else if (query.session === "na") conditions.push(isNull(sims.inSession));
  if (query.q) conditions.push(searchCondition(query.q));
  return conditions;
}

// Every condition of a view: what its rows and "everything this filter matches" select.
export async function simViewConditions(scope: Scope, query: SimListQuery): Promise<SQL[]> {
  const conditions = await simFilterConditions(scope, query);
  if (query.status) conditions.push(eq(sims.status, query.status));
  return conditions;
}

const listColumns = {
  id: sims.id,
  iccid: sims.iccid,
  formFactor: sims.formFactor,
  status: sims.status,
  statusReason: sims.statusReason,
  inSession: sims.inSession,
  simType: sims.simType,
  dataLeftBytes: sims.dataLeftBytes,
  validUntil: sims.validUntil,
  // The cursor keeps PostgreSQL's own text of the timestamp: a JavaScript Date drops the
  // microseconds, and a cursor that is not exact repeats or skips rows.
  validUntilKey: sql<string | null>`${sims.validUntil}::text`,
  monthUsageBytes: sims.monthUsageBytes,
  monthUsagePeriod: sims.monthUsagePeriod,
  note: sims.note,
  msisdn: sims.msisdn,
  storeUse: sims.storeUse,
  operatorName: operators.name,
  operatorDriver: operators.driver,
  companyName: companies.name,
  endUserEmail: endUsers.email,
  plan: planTermsColumns,

};

function cursorValue(key: SortKey, row: SimRowBase): Cursor["v"] {
  switch (key) {
    case "iccid":
      return row.iccid;
    case "status":
      return row.status;
    case "type":
      return row.simType;
    case "data_left":
      return row.dataLeftBytes;
    case "days_left":
      return row.validUntilKey;
    case "month_usage":
      return row.monthUsageBytes;
  }
}

async function selectRows(conditions: SQL[], order: SQL[], limit: number) {
  return getDb()
    .select(listColumns)
    .from(sims)
    .innerJoin(operators, eq(operators.id, sims.operatorId))
    .leftJoin(plans, eq(plans.id, sims.planId))
    .leftJoin(companies, eq(companies.id, sims.companyId))
    .leftJoin(endUsers, eq(endUsers.id, sims.endUserId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(limit);
}
type SimRowBase = Awaited<ReturnType<typeof selectRows>>[number];

export type SimPage<Row> = { rows: Row[]; next: string | null; prev: string | null };

// Keyset pagination ordered by (sort column, iccid). Rows without a value for the sort column
// come last in both directions, as a second "phase" ordered by iccid alone.
export async function fetchSimRows(scope: Scope, query: SimListQuery, size = pageSizeOf(query)): Promise<SimPage<SimRowBase>> {
  const { key, dir } = sortOf(query);
  const spec = SORTS[key];
  const backward = query.before !== undefined;
  const token = query.before ?? query.after;
  const cursor = token === undefined ? null : decodeCursor(token);
  if (token !== undefined && (!cursor || (cursor.v !== null && !spec.valid(cursor.v)) || (cursor.v === null && !spec.nullable))) {
    throw new AppError("invalid_input", "This page link is no longer valid. Start again from the first page.");
  }

  const ascending = (dir === "asc") !== backward;
  const order = (c: SQL | typeof sims.iccid) => (ascending ? asc(c) : desc(c));
  const compare = ascending ? sql.raw(">") : sql.raw("<");
  const phases: ("values" | "nulls")[] = spec.nullable ? ["values", "nulls"] : ["values"];
  if (backward) phases.reverse();
  const cursorPhase = cursor?.v === null ? "nulls" : "values";
  const base = await simViewConditions(scope, query);

  const rows: SimRowBase[] = [];
  for (const phase of phases.slice(cursor ? phases.indexOf(cursorPhase) : 0)) {
    const conditions = [...base];
    if (spec.nullable) conditions.push(phase === "values" ? isNotNull(spec.column) : isNull(spec.column));
    if (cursor && phase === cursorPhase) {
      conditions.push(
        phase === "nulls" || key === "iccid"
          ? sql`${sims.iccid} ${compare} ${cursor.i}`
          : sql`(${spec.column}, ${sims.iccid}) ${compare} (${cursor.v}::${sql.raw(spec.cast)}, ${cursor.i})`,
      );
    }
    const orderBy = phase === "nulls" || key === "iccid" ? [order(sims.iccid)] : [order(spec.column), order(sims.iccid)];
    rows.push(...(await selectRows(conditions, orderBy, size + 1 - rows.length)));
    if (rows.length > size) break;
  }

  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const at = (row: SimRowBase | undefined) => (row ? encodeCursor({ v: cursorValue(key, row), i: row.iccid }) : null);
  return {
    rows: page,
    next: backward ? at(last) : hasMore ? at(last) : null,
    prev: backward ? (hasMore ? at(first) : null) : cursor ? at(first) : null,
  };
}

const NO_COMPANY = "00000000-0000-0000-0000-000000000000";
type StatusCounts = Partial<Record<SimRowBase["status"], number>>;

// Per-status counts for the current filters, from the counters that triggers keep (sim_counts,
// sim_label_counts) where they cover the filters; a search, a label combined with other filters,
// and an end user's few SIMs are counted live.
export async function countSimsByStatus(scope: Scope, query: SimListQuery): Promise<StatusCounts> {
  if (scope.kind === "end_user" || query.q) return countLive(scope, query);
  const company =
    scope.kind === "company" ? scope.companyId : query.company === "none" ? NO_COMPANY : query.company;
  if (query.label) {
    if (query.operator || query.type || query.form || query.session) return countLive(scope, query);
    return sumCounts(simLabelCounts, [
      eq(simLabelCounts.labelId, query.label),
      company ? eq(simLabelCounts.companyKey, company) : undefined,
      sql`exists (select 1 from ${labels} where ${labels.id} = ${simLabelCounts.labelId}
        and (${labels.companyId} is null or ${labels.companyId} = ${simLabelCounts.companyKey}))`,
    ]);
  }
  return sumCounts(simCounts, [
    company ? eq(simCounts.companyKey, company) : undefined,
    query.operator ? eq(simCounts.operatorId, query.operator) : undefined,
    query.type ? eq(simCounts.simTypeKey, query.type) : undefined,
    query.form ? eq(simCounts.formFactor, query.form) : undefined,
    query.session ? eq(simCounts.sessionKey, query.session) : undefined,
  ]);
}

async function sumCounts(table: typeof simCounts | typeof simLabelCounts, conditions: (SQL | undefined)[]): Promise<StatusCounts> {
  const rows = await getDb()
    .select({ status: table.status, count: sql<number>`sum(${table.count})::int`.mapWith(Number) })
    .from(table)
    .where(and(...conditions))
    .groupBy(table.status)
    .having(sql`sum(${table.count}) > 0`);
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}

async function countLive(scope: Scope, query: SimListQuery): Promise<StatusCounts> {
  const rows = await getDb()
    .select({ status: sims.status, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(sims)
    .where(and(...(await simFilterConditions(scope, query))))
    .groupBy(sims.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}

// A page of the SIMs list as the viewer may see it.
export async function listSims(scope: Scope, query: SimListQuery, now: Date, size?: number): Promise<SimPage<SimListItem>> {
  const page = await fetchSimRows(scope, query, size);
  const ids = page.rows.map((r) => r.id);
  const extras = await unsafeLabelsAndRulesOf(ids);
  return {
    ...page,
    rows: page.rows.map((row) => toSimListItem(row, extras.labels.get(row.id) ?? [], extras.rules.get(row.id) ?? [], now)),
  };
}

// Every SIM the view matches, page after page, for the streamed CSV export.
export async function* iterateSims(scope: Scope, query: SimListQuery, now: Date, batchSize = 1000) {
  let after: string | undefined;
  do {
    const page = await listSims(scope, { ...query, after, before: undefined }, now, batchSize);
    yield page.rows;
    after = page.next ?? undefined;
  } while (after);
}
