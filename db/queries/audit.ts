import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { auditLog, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";

// The audit log as a viewer may read it: staff every entry, a company admin only the entries
// filed under their company (never platform entries, whose company_id is null), end users none.
//
// Indexes: a company admin's view runs on (company_id, created_at), a target filter on
// (target_type, target_id, created_at); both give the newest-first order, so a page reads ~50
// index entries. Staff's view without a target filter has no index on created_at to walk and
// sorts the matching rows (see the report: an index on (created_at, id) would serve it).

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = {
  /** A prefix of the action code: "sim." or "sim.suspend". */
  action?: string;
  targetType?: string;
  /** Exact, e.g. an ICCID. */
  targetId?: string;
  /** The acting user's e-mail, exact (case-insensitive). */
  actorEmail?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  until?: Date;
  /** Cursor tokens from a previous page. */
  after?: string;
  before?: string;
};

export type AuditActor = { kind: "user"; email: string } | { kind: "staff" | "system" | "operator" | "rule" | "unknown_user" };

export type AuditEntry = {
  id: number;
  createdAt: Date;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
};

export type AuditPage = { rows: AuditEntry[]; next: string | null; prev: string | null };

// The security boundary: every audit query starts from this condition.
export function auditScopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(auditLog.companyId, scope.companyId);
    case "end_user":
      return sql`false`;
  }
}

// A keyset position: PostgreSQL's own text of created_at (a Date drops the microseconds, and a
// cursor that is not exact repeats or skips rows) and the row's id.
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const cursorSchema = z.object({ t: z.string().regex(TIMESTAMP_TEXT), i: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(token: string): Cursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64 JSON: refused below like any other forged link.
  }
  throw new AppError("invalid_input", "This page link is no longer valid. Start again from the first page.");
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The actor is looked up once, by the unique e-mail, rather than joined per row. A company admin
// only finds their own company's users: staff appear to them as "Platform staff", never by name.
async function actorCondition(scope: Scope, email: string): Promise<SQL> {
  const [user] = await getDb()
    .select({ id: users.id, companyId: users.companyId })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!user) return sql`false`;
  if (scope.kind === "company" && user.companyId !== scope.companyId) return sql`false`;
  return eq(auditLog.actorUserId, user.id);
}

async function filterConditions(scope: Scope, filters: AuditFilters): Promise<SQL[]> {
  const conditions: SQL[] = [auditScopeCondition(scope)];
  if (filters.action) conditions.push(sql`${auditLog.action} like ${`${escapeLike(filters.action)}%`}`);
  if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditLog.targetId, filters.targetId));
  if (filters.actorEmail) conditions.push(await actorCondition(scope, filters.actorEmail));
  if (filters.from) conditions.push(gte(auditLog.createdAt, filters.from));
  if (filters.until) conditions.push(lt(auditLog.createdAt, filters.until));
  return conditions;
}

// Written as a range on created_at plus a tie-break, not a row comparison, so that the
// (…, created_at) indexes take the bound as an index condition.
function cursorCondition(cursor: Cursor, older: boolean): SQL {
  const t = sql`${cursor.t}::timestamptz`;
  return older
    ? sql`(${auditLog.createdAt} <= ${t} and (${auditLog.createdAt} < ${t} or ${auditLog.id} < ${cursor.i}))`
    : sql`(${auditLog.createdAt} >= ${t} and (${auditLog.createdAt} > ${t} or ${auditLog.id} > ${cursor.i}))`;
}

async function selectRows(conditions: SQL[], newestFirst: boolean, limit: number) {
  const order = newestFirst ? desc : asc;
  return getDb()
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      createdAtKey: sql<string>`${auditLog.createdAt}::text`,
      actorKind: auditLog.actorKind,
      actorEmail: users.email,
      actorRole: users.role,
      actorCompanyId: users.companyId,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...conditions))
    .orderBy(order(auditLog.createdAt), order(auditLog.id))
    .limit(limit);
}
type AuditRow = Awaited<ReturnType<typeof selectRows>>[number];

function actorOf(scope: Scope, row: AuditRow): AuditActor {
  switch (row.actorKind) {
    case "system":
    case "operator":
    case "rule":
      return { kind: row.actorKind };
    case "user":
      if (row.actorEmail === null) return { kind: "unknown_user" };
      if (scope.kind === "company" && row.actorCompanyId !== scope.companyId) {
        return { kind: row.actorRole === "staff" ? "staff" : "unknown_user" };
      }
      return { kind: "user", email: row.actorEmail };
  }
}

/** A page of the audit log, newest first, keyset-paginated on (created_at, id). */
export async function listAuditEntries(scope: Scope, filters: AuditFilters, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const backward = filters.before !== undefined;
  const token = filters.before ?? filters.after;
  const cursor = token === undefined ? null : decodeCursor(token);
  const conditions = await filterConditions(scope, filters);
  if (cursor) conditions.push(cursorCondition(cursor, !backward));

  const rows = await selectRows(conditions, !backward, size + 1);
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const at = (row: AuditRow | undefined) => (row ? encodeCursor({ t: row.createdAtKey, i: row.id }) : null);
  return {
    rows: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      actor: actorOf(scope, row),
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before,
      after: row.after,
    })),
    next: backward ? at(last) : hasMore ? at(last) : null,
    prev: backward ? (hasMore ? at(first) : null) : cursor ? at(first) : null,
  };
}
