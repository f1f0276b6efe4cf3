import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { DAY_MS } from "./clock";
import { countTables, type TableCounts } from "./counts";
import { writeBilling } from "./demo-billing";
import { seedDemoCards } from "./demo-payments";
import { liveDemoSims } from "./demo-history";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, FORMER_ADMIN, assignExtras, demoEndUsers, type SeedUser } from "./demo-people";
import { planDemoSims } from "./demo-plan";
import { writeActivity, writeLinks, writeSims, type Ids } from "./demo-write";
import { refreshSimTotals } from "./denormalize";
import { upsertCompanies, upsertLabels, upsertOperators, upsertPlans, upsertRules, upsertUsers } from "./reference";

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo-people";

export type SeedSummary = {
  // The clock the demo data is laid out against: the first run's `now`, kept in the audit log.
  clock: Date;
  before: TableCounts;
  after: TableCounts;
  simsRefreshed: number;
  accounts: readonly SeedUser[];
  password: string;
  durationMs: number;
};

const STAFF_EMAIL = "staff@example.com";

/** True once the demo has been seeded (its staff account exists). */
export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, STAFF_EMAIL)).limit(1);
  return row !== undefined;
}

// Reruns reuse the first run's clock, so a rerun days later regenerates exactly the same rows
// (same timestamps, same source keys) instead of adding a shifted copy of history.
async function seedClock(db: Db, now: Date): Promise<Date> {
  const where = and(eq(auditLog.action, "seed"), eq(auditLog.targetType, "database"), eq(auditLog.targetId, "demo"));
  const [row] = await db.select({ after: auditLog.after }).from(auditLog).where(where).orderBy(asc(auditLog.id)).limit(1);
  const recorded = row?.after as { clock?: unknown } | null | undefined;
  if (typeof recorded?.clock === "string") return new Date(recorded.clock);
  await db.insert(auditLog).values({
    actorKind: "system",
    action: "seed",
    targetType: "database",
    targetId: "demo",
    after: { clock: now.toISOString() },
    createdAt: now,
  });
  return now;
}

/** Seeds (or completes) the demo data set; idempotent. `now` decides "this month". */
export async function seedDemo(db: Db, options: { now: Date; log?: (line: string) => void }): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const before = await countTables(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // One transaction: the demo is either all there or not at all, so isSeeded() can be trusted.
  const { clock, simsRefreshed } = await db.transaction(async (tx) => {
    const clock = await seedClock(tx, options.now);
    log(`seed clock ${clock.toISOString()}`);
    const operators = await upsertOperators(tx);
    const companies = await upsertCompanies(tx);
    const plans = await upsertPlans(tx, operators);
    const people = [...DEMO_ACCOUNTS, FORMER_ADMIN, ...demoEndUsers()];
    const ids: Ids = {
      operators,
      companies,
      plans,
      users: await upsertUsers(tx, people, companies, passwordHash, new Date(clock.getTime() - 200 * DAY_MS)),
      labels: await upsertLabels(tx, companies),
      rules: await upsertRules(tx, companies),
    };
    const lived = liveDemoSims(planDemoSims(), clock);
    const extras = assignExtras(lived, people);
    const simIds = await writeSims(tx, lived, extras, ids);
    await writeLinks(tx, lived, extras, ids, simIds);
    await writeActivity(tx, lived, simIds, log);
    await writeBilling(tx, lived, simIds, ids, clock, log);
    const simsRefreshed = await refreshSimTotals(tx, [...simIds.values()], options.now);
    return { clock, simsRefreshed };
  });
  log(`demo cards added: ${await seedDemoCards(db, clock)}`);
  const after = await countTables(db);
  return { clock, before, after, simsRefreshed, accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD, durationMs: Date.now() - started };
}
