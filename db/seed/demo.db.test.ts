import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { rowsOf } from "@/db/sql";
import { seedDemo } from "./demo";
import { seedFleet } from "./fleet";

const now = new Date("2026-03-15T12:00:00Z");

async function one(query: ReturnType<typeof sql>): Promise<Record<string, unknown>> {
  const [row] = rowsOf(await getDb().execute(query));
  return row ?? {};
}

describe("demo seed", () => {
  it("is idempotent and internally consistent", { timeout: 240_000 }, async () => {
    const db = getDb();
    const first = await seedDemo(db, { now });
    const second = await seedDemo(db, { now });
    expect(second.after).toEqual(first.after);
    expect(second.simsRefreshed).toBe(0);
    expect(first.after.sims).toBeGreaterThanOrEqual(560);

    const spread = await one(sql`
      SELECT count(DISTINCT status)::int AS statuses, count(DISTINCT sim_type)::int AS types,
        count(DISTINCT form_factor)::int AS form_factors FROM sims`);
    expect(spread).toEqual({ statuses: 7, types: 3, form_factors: 2 });

    const broken = await one(sql`
      SELECT
        (SELECT count(*)::int FROM sims s JOIN users u ON u.id = s.end_user_id
          WHERE u.company_id IS DISTINCT FROM s.company_id OR u.role <> 'end_user') AS foreign_end_users,
        (SELECT count(*)::int FROM sims s JOIN operators o ON o.id = s.operator_id
          WHERE (s.status = 'not_available') AND o.driver <> 'none') AS not_available_with_integration,
        (SELECT count(*)::int FROM sims s LEFT JOIN plans p ON p.id = s.plan_id
          WHERE s.sim_type IS DISTINCT FROM p.type) AS type_not_from_plan`);
    expect(broken).toEqual({ foreign_end_users: 0, not_available_with_integration: 0, type_not_from_plan: 0 });

    const mine = await one(sql`
      SELECT count(*)::int AS sims, bool_or(s.form_factor = 'esim') AS esim, bool_or(s.sim_type = 'prepaid') AS prepaid
      FROM sims s JOIN users u ON u.id = s.end_user_id WHERE u.email = 'user@example.com'`);
    expect(mine.sims).toBeGreaterThanOrEqual(5);
    expect(mine.sims).toBeLessThanOrEqual(8);
    expect(mine).toMatchObject({ esim: true, prepaid: true });
  });

  it("grows a fleet to the requested size once", { timeout: 120_000 }, async () => {
    const db = getDb();
    const first = await seedFleet(db, { sims: 2_000, now });
    const again = await seedFleet(db, { sims: 2_000, now });
    expect(first.added).toBeGreaterThan(0);
    expect(again.added).toBe(0);
    expect(await one(sql`SELECT count(*)::int AS n FROM sims`)).toEqual({ n: 2_000 });
  });
});
