import { and, asc, count, desc, eq, gt, ne, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { bulkJobItems, bulkJobs, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";

// Bulk jobs as their viewers may see them: staff every job, a company admin their company's.
function jobScope(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(bulkJobs.companyId, scope.companyId);
    case "end_user":
      return sql`false`;
  }
}

export type BulkOutcome = "queued" | "changed" | "unchanged" | "refused";
export const BULK_OUTCOMES: readonly BulkOutcome[] = ["queued", "changed", "unchanged", "refused"];

const jobColumns = {
  id: bulkJobs.id,
  action: bulkJobs.action,
  selection: bulkJobs.selection,
  state: bulkJobs.state,
  total: bulkJobs.total,
  createdAt: bulkJobs.createdAt,
  finishedAt: bulkJobs.finishedAt,
  requestedByEmail: users.email,
};

export async function findBulkJob(scope: Scope, id: string) {
  const [job] = await getDb()
    .select(jobColumns)
    .from(bulkJobs)
    .innerJoin(users, eq(users.id, bulkJobs.requestedBy))
    .where(and(eq(bulkJobs.id, id), jobScope(scope)))
    .limit(1);
  if (!job) return null;
  const rows = await getDb()
    .select({ outcome: bulkJobItems.outcome, n: count() })
    .from(bulkJobItems)
    .where(eq(bulkJobItems.jobId, id))
    .groupBy(bulkJobItems.outcome);
  const counts = Object.fromEntries(BULK_OUTCOMES.map((o) => [o, 0])) as Record<BulkOutcome, number>;
  for (const row of rows) counts[row.outcome as BulkOutcome] = row.n;
  return { ...job, counts };
}

export type BulkJobView = NonNullable<Awaited<ReturnType<typeof findBulkJob>>>;

// The SIMs a job did not change (refused first), to show on its page; the CSV has every SIM.
export async function listBulkJobExceptions(jobId: string, limit: number) {
  return getDb()
    .select({ iccid: bulkJobItems.iccid, outcome: bulkJobItems.outcome, message: bulkJobItems.message })
    .from(bulkJobItems)
    .where(and(eq(bulkJobItems.jobId, jobId), ne(bulkJobItems.outcome, "changed"), ne(bulkJobItems.outcome, "queued")))
    .orderBy(desc(eq(bulkJobItems.outcome, "refused")), asc(bulkJobItems.simId))
    .limit(limit);
}

// Every SIM of a job with its result, in pages (keyset on the SIM id), for the CSV.
export async function* iterateBulkJobItems(jobId: string, batchSize = 5_000) {
  let after = 0;
  for (;;) {
    const rows = await getDb()
      .select({ simId: bulkJobItems.simId, iccid: bulkJobItems.iccid, outcome: bulkJobItems.outcome, message: bulkJobItems.message })
      .from(bulkJobItems)
      .where(and(eq(bulkJobItems.jobId, jobId), gt(bulkJobItems.simId, after)))
      .orderBy(asc(bulkJobItems.simId))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.simId ?? after;
  }
}

export async function listRecentBulkJobs(scope: Scope, limit = 20) {
  return getDb()
    .select(jobColumns)
    .from(bulkJobs)
    .innerJoin(users, eq(users.id, bulkJobs.requestedBy))
    .where(jobScope(scope))
    .orderBy(desc(bulkJobs.createdAt))
    .limit(limit);
}
