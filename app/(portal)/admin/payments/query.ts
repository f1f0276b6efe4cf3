import { z } from "zod";
import { PAYMENT_PURPOSES, PAYMENT_STATUSES, PAYMENT_TRIGGERS, type StaffPaymentFilters } from "@/db/queries/payments-staff";

// The staff payments list view, held in the URL (a plain GET form), so a link reproduces it.

export const PAYMENTS_PATH = "/admin/payments";

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const value = one(v);
  return typeof value === "string" && value.trim() === "" ? undefined : value;
};
const field = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const paymentsQuerySchema = z.object({
  status: field(z.enum(PAYMENT_STATUSES, { error: `Status must be one of ${PAYMENT_STATUSES.join(", ")}.` })),
  purpose: field(z.enum(PAYMENT_PURPOSES, { error: `Purpose must be one of ${PAYMENT_PURPOSES.join(", ")}.` })),
  trigger: field(z.enum(PAYMENT_TRIGGERS, { error: `Trigger must be one of ${PAYMENT_TRIGGERS.join(", ")}.` })),
  company: field(z.uuid({ error: "This company filter is not valid; choose a company from the list." })),
  q: field(z.string({ error: "The search must be text." }).trim().max(200, "The search is too long.")),
  page: field(z.coerce.number({ error: "The page must be a number." }).int("The page must be a whole number.").min(1, "Pages start at 1.").max(100_000, "This page is too far.")),
});

export type PaymentsQuery = z.infer<typeof paymentsQuerySchema>;
export type SearchParams = Record<string, string | string[] | undefined>;

// A bad parameter is reported, never silently dropped: the page says which one is wrong.
export function parsePaymentsQuery(params: SearchParams): { ok: true; query: PaymentsQuery } | { ok: false; errors: string[] } {
  const result = paymentsQuerySchema.safeParse(params);
  if (result.success) return { ok: true, query: result.data };
  return { ok: false, errors: [...new Set(result.error.issues.map((i) => i.message))] };
}

export function paymentFiltersOf(query: PaymentsQuery): StaffPaymentFilters {
  return { page: query.page ?? 1, status: query.status, purpose: query.purpose, trigger: query.trigger, companyId: query.company, q: query.q };
}

export function isFiltered(query: PaymentsQuery): boolean {
  return Boolean(query.status || query.purpose || query.trigger || query.company || query.q);
}

const KEYS = ["status", "purpose", "trigger", "company", "q"] as const satisfies readonly (keyof PaymentsQuery)[];

/** The URL of the same view on another page. */
export function paymentsPageHref(query: PaymentsQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${PAYMENTS_PATH}?${search}` : PAYMENTS_PATH;
}
