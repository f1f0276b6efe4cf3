import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { companies, simCounts, users } from "@/db/schema";

// Every company with its SIMs (from the counters the triggers keep), admins and end users; staff only.
export async function listCompaniesOverview() {
  const db = getDb();
  const simTotals = db
    .select({ companyKey: simCounts.companyKey, sims: sql<number>`sum(${simCounts.count})::int`.as("sims") })
    .from(simCounts)
    .groupBy(simCounts.companyKey)
    .as("sim_totals");
  const people = db
    .select({
      companyId: users.companyId,
      admins: sql<number>`(count(*) filter (where ${users.role} = 'company_admin'))::int`.as("admins"),
      endUsers: sql<number>`(count(*) filter (where ${users.role} = 'end_user'))::int`.as("end_users"),
    })
    .from(users)
    .groupBy(users.companyId)
    .as("people");
  return db
    .select({
      id: companies.id,
      name: companies.name,
      timeZone: companies.timeZone,
      sims: sql<number>`coalesce(${simTotals.sims}, 0)`.mapWith(Number),
      admins: sql<number>`coalesce(${people.admins}, 0)`.mapWith(Number),
      endUsers: sql<number>`coalesce(${people.endUsers}, 0)`.mapWith(Number),
    })
    .from(companies)
    .leftJoin(simTotals, eq(simTotals.companyKey, companies.id))
    .leftJoin(people, eq(people.companyId, companies.id))
    .orderBy(asc(companies.name));
}
