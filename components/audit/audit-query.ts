import { z } from "zod";
import type { AuditFilters } from "@/db/queries/audit";

// The audit log view, held entirely in the URL so that a link reproduces it. (Domain parsing
// rather than UI: it would sit in lib/audit/ once that folder exists.)

export const AUDIT_PATH = "/admin/audit";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A real calendar day: "2026-02-30" is refused rather than rolled over to March.
function isUtcDay(v: string): boolean {
  const date = new Date(`${v}T00:00:00Z`);
  return DAY.test(v) && v >= "1970-01-01" && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
}
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const value = one(v);
  return typeof value === "string" && value.trim() === "" ? undefined : value;
};
const field = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const text = (label: string, max: number) =>
  field(z.string({ error: `${label} must be text.` }).trim().max(max, `${label} is too long (${max} characters at most).`));
const day = (label: string) =>
  field(
    z
      .string({ error: `${label} must be a date.` })
      .trim()
      .refine(isUtcDay, `${label} must be a date written as YYYY-MM-DD, e.g. 2026-03-10.`),
  );

export const auditListQuerySchema = z
  .object({
    action: text("Action", 64),
    type: text("Target type", 32),
    target: text("Target id", 128),
    actor: field(z.string().trim().max(254, "Actor e-mail is too long.").pipe(z.email("Actor must be a whole e-mail address, e.g. admin@acme.example."))),
    from: day("From"),
    to: day("To"),
    after: field(z.string().max(200, "This page link is not valid.")),
    before: field(z.string().max(200, "This page link is not valid.")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "From must be on or before To.", path: ["to"] });

export type AuditListQuery = z.infer<typeof auditListQuerySchema>;
export type SearchParams = Record<string, string | string[] | undefined>;
export type ParsedAuditQuery = { ok: true; query: AuditListQuery } | { ok: false; errors: string[] };

// A bad parameter is reported, never silently dropped: the page says which one is wrong.
export function parseAuditListQuery(params: SearchParams): ParsedAuditQuery {
  const result = auditListQuerySchema.safeParse(params);
  if (result.success) return { ok: true, query: result.data };
  return { ok: false, errors: [...new Set(result.error.issues.map((i) => i.message))] };
}

const utcDay = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000);

/** The query's filters for db/queries/audit.ts: "to" is a whole UTC day, so the bound is the next midnight. */
export function auditFiltersOf(query: AuditListQuery): AuditFilters {
  return {
    action: query.action,
    targetType: query.type,
    targetId: query.target,
    actorEmail: query.actor,
    from: query.from ? utcDay(query.from) : undefined,
    until: query.to ? utcDay(query.to, 1) : undefined,
    after: query.after,
    before: query.before,
  };
}

export function isFiltered(query: AuditListQuery): boolean {
  return Boolean(query.action || query.type || query.target || query.actor || query.from || query.to);
}

const KEYS = ["action", "type", "target", "actor", "from", "to", "after", "before"] as const satisfies readonly (keyof AuditListQuery)[];

// The URL of a view; `changes` with undefined remove a parameter. Any change other than paging
// starts again from the first page.
export function auditListHref(query: AuditListQuery, changes: Partial<AuditListQuery> = {}): string {
  const paging = "after" in changes || "before" in changes;
  const next: AuditListQuery = { ...query, ...(paging ? {} : { after: undefined, before: undefined }), ...changes };
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = next[key];
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${AUDIT_PATH}?${search}` : AUDIT_PATH;
}
