import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { executeCount, pgArray } from "@/db/sql";
import { utcMonth } from "./clock";

/**
 * Recomputes the SIM list's denormalized columns from usage and the allowance ledger, for the
 * given SIMs, against `now`. Rows that already hold the right values are left alone, so a rerun
 * updates nothing. Returns the number of SIMs changed.
 */
export async function refreshSimTotals(db: Db, simIds: number[], now: Date): Promise<number> {
  if (simIds.length === 0) return 0;
  const month = utcMonth(now);
  const start = month.start.toISOString();
  const end = month.end.toISOString();
  return executeCount(
    db,
    sql`
      WITH target AS (SELECT unnest(${pgArray(simIds, "bigint")}) AS id),
      used AS (
        SELECT u.sim_id,
          coalesce(sum(u.bytes) FILTER (WHERE u.started_at >= ${start}::timestamptz AND u.started_at < ${end}::timestamptz), 0)::bigint AS month_bytes,
          max(u.started_at) AS last_at
        FROM usage_records u JOIN target t ON t.id = u.sim_id
        GROUP BY u.sim_id
      ),
      balance AS (
        SELECT l.sim_id,
          greatest(0, sum(CASE WHEN l.kind = 'grant' THEN l.bytes ELSE -l.bytes END))::bigint AS left_bytes,
          max(l.valid_until) FILTER (WHERE l.kind = 'grant') AS valid_until
        FROM allowance_ledger l JOIN target t ON t.id = l.sim_id
        GROUP BY l.sim_id
      ),
      fresh AS (
        SELECT t.id, coalesce(u.month_bytes, 0)::bigint AS month_bytes, ${month.period}::date AS period,
          u.last_at, b.left_bytes, b.valid_until
        FROM target t LEFT JOIN used u ON u.sim_id = t.id LEFT JOIN balance b ON b.sim_id = t.id
      ),
      changed AS (
        UPDATE sims s SET
          month_usage_bytes = f.month_bytes, month_usage_period = f.period, last_usage_at = f.last_at,
          data_left_bytes = f.left_bytes, valid_until = f.valid_until, updated_at = ${now.toISOString()}::timestamptz
        FROM fresh f
        WHERE s.id = f.id
          AND (s.month_usage_bytes, s.month_usage_period, s.last_usage_at, s.data_left_bytes, s.valid_until)
            IS DISTINCT FROM (f.month_bytes, f.period, f.last_at, f.left_bytes, f.valid_until)
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM changed`,
  );
}
