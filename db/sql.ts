// SQL helpers shared by queries, the sync and the seed: read rows from either driver, pass whole
// columns as one array parameter.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// postgres-js returns the rows as an array, PGlite as { rows }: read both the same way.
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as Record<string, unknown>[];
  }
  return [];
}

/** Runs a statement that selects one integer column `n` and returns it. */
export async function executeCount(db: Db, query: SQL): Promise<number> {
  const [row] = rowsOf(await db.execute(query));
  return Number(row?.n ?? 0);
}

type Scalar = string | number | boolean | null;

function element(value: Scalar): string {
  if (value === null) return "NULL";
  if (typeof value !== "string") return String(value);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A whole column as one bind parameter (a PostgreSQL array literal) for `unnest`: one
 * statement then carries tens of thousands of rows without nearing the 65,535-parameter limit.
 */
export function pgArray(values: readonly Scalar[], type: string): SQL {
  return sql`${`{${values.map(element).join(",")}}`}::${sql.raw(type)}[]`;
}

// A unique violation (of `constraint`, when named) anywhere in the error's causes: drizzle wraps
// the driver's error; postgres-js names the constraint `constraint_name`, PGlite `constraint`.
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const found = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (found.code === "23505") return constraint === undefined || found.constraint_name === constraint || found.constraint === constraint;
  }
  return false;
}
