import { eq, inArray, like, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { labels, sims, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { chunks, pgArray } from "@/db/sql";
import { utcMonth } from "./clock";
import { COMPANIES, OPERATORS } from "./catalog";
import { DEMO_PASSWORD } from "./demo-people";
import { FLEET_ISSUER, emptyFleetBatch, fleetCompanySlot, mix32, pushFleetSim, type FleetContext } from "./fleet-rows";
import { insertFleetBatch, type FleetLookups } from "./fleet-sql";
import { PLANS } from "./plan-catalog";
import { Rng } from "./random";
import { upsertCompanies, upsertOperators, upsertPlans } from "./reference";

export type FleetSummary = { total: number; added: number; endUsers: number; durationMs: number };

const FLEET_COMPANIES = Array.from({ length: 20 }, (_, i) => ({
  name: `Fleet Co ${String(i + 1).padStart(2, "0")}`,
  timeZone: ["Europe/London", "Europe/Amsterdam", "Europe/Madrid", "Europe/Warsaw", "Asia/Jerusalem"][i % 5] ?? "UTC",
}));
const FLEET_LABELS = [["Region north", "#0284c7"], ["Region south", "#65a30d"], ["Backup", "#64748b"]] as const;
const BATCH = 20_000;
const CONCURRENCY = 2;
const USER_DOMAIN = "fleet.example";

function required<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error("fleet: reference data is missing; run the demo seed first");
  return value;
}

// Fleet ICCIDs are the only ones with issuer "99" after the country code.
function fleetIccidFilter() {
  const prefixes = [...new Set(OPERATORS.map((o) => `89${o.iccidCountry}${FLEET_ISSUER}`))];
  return or(...prefixes.map((p) => like(sims.iccid, `${p}%`)));
}

async function count(db: Db, where?: ReturnType<typeof fleetIccidFilter>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sims).where(where);
  return Number(row?.n ?? 0);
}

async function fleetLabels(db: Db, companyIds: string[]): Promise<{ ids: string[]; bySlot: number[][] }> {
  const fleetCompanyIds = companyIds.slice(COMPANIES.length);
  const values = fleetCompanyIds.flatMap((companyId) => FLEET_LABELS.map(([name, color]) => ({ companyId, name, color })));
  await db.insert(labels).values(values).onConflictDoNothing();
  const rows = await db.select({ id: labels.id, companyId: labels.companyId }).from(labels).where(inArray(labels.companyId, companyIds)).orderBy(labels.name);
  const ids = rows.map((r) => r.id);
  const bySlot = companyIds.map((companyId) => rows.flatMap((r, i) => (r.companyId === companyId ? [i + 1] : [])));
  return { ids, bySlot };
}

// About one end user per ten fleet SIMs, each in the company its index maps to.
async function fleetUsers(db: Db, target: number, companyIds: string[]): Promise<string[][]> {
  const wanted = Math.ceil(target / 10);
  const [staff] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, "staff@example.com"));
  const passwordHash = staff?.hash ?? (await hashPassword(DEMO_PASSWORD));
  const all = Array.from({ length: wanted }, (_, j) => j);
  for (const batch of chunks(all, BATCH)) {
    const emails = batch.map((j) => `u${String(j).padStart(6, "0")}@${USER_DOMAIN}`);
    const slots = batch.map((j) => fleetCompanySlot(new Rng(mix32(j + 0x05e7)), companyIds.length) + 1);
    await db.execute(sql`
      INSERT INTO users (email, password_hash, role, company_id)
      SELECT t.email, ${passwordHash}, 'end_user', (${pgArray(companyIds, "uuid")})[t.slot]
      FROM unnest(${pgArray(emails, "text")}, ${pgArray(slots, "int")}) AS t(email, slot)
      ON CONFLICT (email) DO NOTHING`);
  }
  const rows = await db
    .select({ id: users.id, companyId: users.companyId })
    .from(users)
    .where(like(users.email, `u%@${USER_DOMAIN}`))
    .orderBy(users.email);
  const slotOf = new Map(companyIds.map((id, slot) => [id, slot]));
  const bySlot: string[][] = companyIds.map(() => []);
  for (const r of rows) {
    const slot = r.companyId === null ? undefined : slotOf.get(r.companyId);
    if (slot !== undefined) bySlot[slot]?.push(r.id);
  }
  return bySlot;
}

/**
 * Grows the SIM table to `sims` rows with generated fleet SIMs (run after seedDemo). Fleet SIM
 * n always gets the same ICCID, and a rerun resumes after the fleet SIMs already present.
 */
export async function seedFleet(db: Db, options: { sims: number; now: Date; log?: (line: string) => void }): Promise<FleetSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const operatorIds = await upsertOperators(db);
  const companyMap = await upsertCompanies(db, [...COMPANIES, ...FLEET_COMPANIES]);
  const companyIds = [...COMPANIES, ...FLEET_COMPANIES].map((c) => required(companyMap, c.name));
  const planIds = await upsertPlans(db, operatorIds);
  const existingFleet = await count(db, fleetIccidFilter());
  const target = options.sims - ((await count(db)) - existingFleet);
  if (target <= existingFleet) {
    log(`fleet: ${existingFleet.toLocaleString("en-US")} fleet SIMs already present, nothing to add`);
    return { total: options.sims, added: 0, endUsers: 0, durationMs: Date.now() - started };
  }
  const usersBySlot = await fleetUsers(db, target, companyIds);
  const labelSet = await fleetLabels(db, companyIds);
  const planList = PLANS.map((p) => ({ spec: p, id: required(planIds, p) }));
  const month = utcMonth(options.now);
  const lookups: FleetLookups = {
    operatorIds: OPERATORS.map((o) => required(operatorIds, o.name)),
    mccMncs: OPERATORS.map((o) => o.homeMccMnc),
    countries: OPERATORS.map((o) => o.countryCode),
    planIds: planList.map((p) => p.id),
    planTypes: planList.map((p) => p.spec.type),
    companyIds,
    labelIds: labelSet.ids,
  };
  const ctx: FleetContext = {
    clockMs: options.now.getTime(),
    monthStartMs: month.start.getTime(),
    plans: OPERATORS.map((o) => planList.flatMap((p, i) => (p.spec.operator === o.name ? [{ ref: i + 1, spec: p.spec }] : []))),
    labels: labelSet.bySlot,
    users: usersBySlot,
    companySlots: companyIds.length,
  };
  // Two statements in flight keep both cores of a small server busy (index upkeep dominates);
  // a rerun restarts a few batches early, because a failed run can leave a gap that wide.
  const resumeAt = Math.floor(Math.max(0, existingFleet - CONCURRENCY * BATCH) / BATCH) * BATCH;
  log(`fleet: generating SIMs #${resumeAt.toLocaleString("en-US")}..#${(target - 1).toLocaleString("en-US")} for a total of ${options.sims.toLocaleString("en-US")}`);
  let next = resumeAt;
  let added = 0;
  const worker = async () => {
    while (next < target) {
      const from = next;
      next += BATCH;
      const batch = emptyFleetBatch();
      for (let i = from; i < Math.min(target, from + BATCH); i++) pushFleetSim(batch, i, ctx);
      const inserted = await insertFleetBatch(db, batch, lookups, month.period);
      added += inserted;
      const seconds = (Date.now() - started) / 1000;
      log(`fleet: ${(existingFleet + added).toLocaleString("en-US")} / ${target.toLocaleString("en-US")} fleet SIMs, ${Math.round(added / seconds).toLocaleString("en-US")} SIMs/s`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Fresh statistics, so that benchmarks run against the plans PostgreSQL will really use.
  await db.execute(sql`ANALYZE sims, users, sim_labels, usage_records, allowance_ledger`);
  const endUsers = usersBySlot.reduce((sum, list) => sum + list.length, 0);
  return { total: options.sims, added, endUsers, durationMs: Date.now() - started };
}
