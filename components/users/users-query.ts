import { z } from "zod";
import type { UserFilters } from "@/db/queries/users-admin";
import { userRole } from "@/db/schema/enums";

// The users list view, held in the URL (a plain GET form), so a link reproduces it.

export const USERS_PATH = "/admin/users";

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const value = one(v);
  return typeof value === "string" && value.trim() === "" ? undefined : value;
};

const usersQuerySchema = z.object({
  q: z.preprocess(blankToUndefined, z.string({ error: "The e-mail search must be text." }).trim().max(254, "The e-mail search is too long.").optional()),
  role: z.preprocess(blankToUndefined, z.enum(userRole.enumValues, { error: "Role must be staff, company_admin or end_user." }).optional()),
  company: z.preprocess(blankToUndefined, z.uuid({ error: "This company filter is not valid; choose a company from the list." }).optional()),
});

export type UsersQuery = z.infer<typeof usersQuerySchema>;
export type SearchParams = Record<string, string | string[] | undefined>;

// A bad parameter is reported, never silently dropped.
export function parseUsersQuery(params: SearchParams): { ok: true; query: UsersQuery } | { ok: false; errors: string[] } {
  const result = usersQuerySchema.safeParse(params);
  if (result.success) return { ok: true, query: result.data };
  return { ok: false, errors: [...new Set(result.error.issues.map((i) => i.message))] };
}

export function userFiltersOf(query: UsersQuery): UserFilters {
  return { q: query.q, role: query.role, companyId: query.company };
}

export function isFiltered(query: UsersQuery): boolean {
  return Boolean(query.q || query.role || query.company);
}
