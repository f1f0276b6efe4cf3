import { and, asc, eq, ilike, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { companies, users } from "@/db/schema";
import type { Role, Scope } from "@/lib/auth/viewer";

// The people list of the users page (platform staff). Scoped like every tenant query, so a
// company admin's scope could only ever list their own company's people.

export const USERS_LIST_LIMIT = 100;

export type UserFilters = { q?: string; role?: Role; companyId?: string };

function scopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(users.companyId, scope.companyId);
    case "end_user":
      return eq(users.id, scope.userId);
  }
}

// LIKE wildcards typed in the search box are matched literally.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listUsers(scope: Scope, filters: UserFilters) {
  const q = filters.q?.trim().toLowerCase();
  const rows = await getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyId: users.companyId,
      companyName: companies.name,
      active: users.active,
      invited: sql<boolean>`${users.passwordHash} is null`.mapWith(Boolean),
      createdAt: users.createdAt,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(
      and(
        scopeCondition(scope),
        q ? ilike(users.email, `%${escapeLike(q)}%`) : undefined,
        filters.role ? eq(users.role, filters.role) : undefined,
        filters.companyId ? eq(users.companyId, filters.companyId) : undefined,
      ),
    )
    .orderBy(asc(users.email))
    .limit(USERS_LIST_LIMIT + 1);
  return { rows: rows.slice(0, USERS_LIST_LIMIT), more: rows.length > USERS_LIST_LIMIT };
}

export type UserListRow = Awaited<ReturnType<typeof listUsers>>["rows"][number];

// The companies a person can be put in, for the forms' selects.
export async function listCompanyChoices() {
  return getDb().select({ id: companies.id, name: companies.name }).from(companies).orderBy(asc(companies.name));
}
