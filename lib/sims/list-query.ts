import { z } from "zod";
import { simStatus, simType } from "@/db/schema/enums";

// The SIMs list view, held entirely in the URL so that a link reproduces it.
export const SIM_STATUSES = simStatus.enumValues;
export type SimStatus = (typeof SIM_STATUSES)[number];
export const SIM_TYPES = simType.enumValues;
export type SimType = (typeof SIM_TYPES)[number];
export const SORT_KEYS = ["iccid", "status", "type", "data_left", "days_left", "month_usage"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

const uuid = z.uuid();
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const value = one(v);
  return typeof value === "string" && value.trim() === "" ? undefined : value;
};
const field = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const simListQuerySchema = z.object({
  status: field(z.enum(SIM_STATUSES)),
  type: field(z.enum([...SIM_TYPES, "none"])),
  form: field(z.enum(["physical", "esim"])),
  operator: field(uuid),
  // "none": SIMs not assigned to any company (staff only).
  company: field(z.union([uuid, z.literal("none")])),
  label: field(uuid),
  session: field(z.enum(["yes", "no", "na"])),
  q: field(z.string().trim().max(100)),
  sort: field(z.enum(SORT_KEYS)),
  dir: field(z.enum(["asc", "desc"])),
  size: field(z.coerce.number().pipe(z.union(PAGE_SIZES.map((s) => z.literal(s))))),
  after: field(z.string().max(200)),
  before: field(z.string().max(200)),
});

export type SimListQuery = z.infer<typeof simListQuerySchema>;
export type SearchParams = Record<string, string | string[] | undefined>;

export type ParsedListQuery = { ok: true; query: SimListQuery } | { ok: false; errors: string[] };

// A bad parameter is reported, never silently dropped: the page shows which one is wrong.
export function parseSimListQuery(params: SearchParams): ParsedListQuery {
  const result = simListQuerySchema.safeParse(params);
  if (result.success) return { ok: true, query: result.data };
  return { ok: false, errors: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

export function sortOf(query: SimListQuery): { key: SortKey; dir: "asc" | "desc" } {
  return { key: query.sort ?? "iccid", dir: query.dir ?? "asc" };
}

export function pageSizeOf(query: SimListQuery): number {
  return query.size ?? DEFAULT_PAGE_SIZE;
}

// The URL of a view; `changes` with undefined remove a parameter. Any change other than paging
// starts again from the first page.
export function simListHref(query: SimListQuery, changes: Partial<SimListQuery> = {}, path = "/sims"): string {
  const paging = "after" in changes || "before" in changes;
  const next: SimListQuery = { ...query, ...(paging ? {} : { after: undefined, before: undefined }), ...changes };
  const params = new URLSearchParams();
  for (const key of Object.keys(simListQuerySchema.shape) as (keyof SimListQuery)[]) {
    const value = next[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
