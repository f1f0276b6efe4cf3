import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { companies, labels, operators, planCountryRates, planRefillPackages, plans, rules, users } from "@/db/schema";
import { DAY_MS } from "./clock";
import { COMPANIES, LABELS, OPERATORS, RULES } from "./catalog";
import { labelKey, type SeedUser } from "./demo-people";
import { PLANS, type PlanSpec } from "./plan-catalog";

// Every upsert here is "insert if absent by natural key, then read back": a rerun inserts
// nothing and never overwrites what someone changed in the portal since.

export async function upsertOperators(db: Db): Promise<Map<string, string>> {
  await db
    .insert(operators)
    .values(
      OPERATORS.map((o) => ({
        name: o.name,
        countryCode: o.countryCode,
        currency: o.currency,
        driver: o.driver,
        // The simulator's home network, and a short timeout so its simulated hangs cost little;
        // its other settings keep their lively defaults.
        settings: o.driver === "simulator" ? { homeMccMnc: o.homeMccMnc, timeoutMs: 3000 } : {},
        dormancyDays: o.dormancyDays,
        contractNotes: o.contractNotes,
      })),
    )
    .onConflictDoNothing({ target: operators.name });
  const rows = await db.select({ id: operators.id, name: operators.name }).from(operators);
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function upsertCompanies(db: Db, list: ReadonlyArray<{ name: string; timeZone: string }> = COMPANIES): Promise<Map<string, string>> {
  await db
    .insert(companies)
    .values(list.map((c) => ({ name: c.name, timeZone: c.timeZone })))
    .onConflictDoNothing({ target: companies.name });
  const rows = await db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.name, list.map((c) => c.name)));
  return new Map(rows.map((r) => [r.name, r.id]));
}

function same(column: AnyPgColumn, value: string | number | null): SQL {
  return value === null ? isNull(column) : sql`${column} = ${value}`;
}

function termsOf(p: PlanSpec) {
  return {
    customName: p.customName,
    priceMinor: p.type === "prepaid" ? p.priceMinor : null,
    dataBytes: p.type === "prepaid" ? p.dataBytes : null,
    validityDays: p.type === "prepaid" ? p.validityDays : null,
    monthlyFeeMinor: p.type === "subscription" ? p.monthlyFeeMinor : null,
    includedBytes: p.type === "subscription" ? p.includedBytes : null,
    overagePerMbMicros: p.type === "subscription" ? p.overagePerMbMicros : null,
    defaultPerMbMicros: p.type === "paygo" ? p.defaultPerMbMicros : null,
  };
}

/** Plans have no natural key: one is "the same" when operator, type, name and all terms match. */
export async function upsertPlans(db: Db, operatorIds: Map<string, string>): Promise<Map<PlanSpec, string>> {
  const ids = new Map<PlanSpec, string>();
  for (const spec of PLANS) {
    const operatorId = operatorIds.get(spec.operator);
    if (operatorId === undefined) throw new Error(`Seed: operator ${spec.operator} is missing`);
    const terms = termsOf(spec);
    const match = Object.entries(terms).map(([key, value]) => same(plans[key as keyof typeof terms], value));
    const [found] = await db
      .select({ id: plans.id })
      .from(plans)
      // Retired versions count too: a plan edited in the portal must not be re-created.
      .where(and(eq(plans.operatorId, operatorId), eq(plans.type, spec.type), ...match))
      .orderBy(asc(plans.retired))
      .limit(1);
    if (found) {
      ids.set(spec, found.id);
      continue;
    }
    const currency = operatorCurrency(spec.operator);
    const [created] = await db.insert(plans).values({ operatorId, type: spec.type, currency, ...terms }).returning({ id: plans.id });
    if (!created) throw new Error("Seed: plan insert returned nothing");
    ids.set(spec, created.id);
    if (spec.type === "prepaid" && spec.refills.length > 0) {
      await db.insert(planRefillPackages).values(spec.refills.map((r) => ({ planId: created.id, ...r })));
    }
    if (spec.type === "paygo") {
      const rates = Object.entries(spec.countryRates).map(([countryCode, perMbMicros]) => ({ planId: created.id, countryCode, perMbMicros }));
      await db.insert(planCountryRates).values(rates).onConflictDoNothing();
    }
  }
  return ids;
}

function operatorCurrency(name: string): string {
  const op = OPERATORS.find((o) => o.name === name);
  if (!op) throw new Error(`Seed: unknown operator ${name}`);
  return op.currency;
}

/** Label ids keyed by labelKey(company, name). */
export async function upsertLabels(db: Db, companyIds: Map<string, string>): Promise<Map<string, string>> {
  const values = LABELS.map((l) => ({ companyId: l.company === null ? null : (companyIds.get(l.company) ?? null), name: l.name, color: l.color }));
  // The unique index is on an expression (coalesce(company_id, zero uuid), name), so no target.
  await db.insert(labels).values(values).onConflictDoNothing();
  const rows = await db.select({ id: labels.id, companyId: labels.companyId, name: labels.name }).from(labels);
  const nameById = new Map([...companyIds].map(([name, id]) => [id, name]));
  const out = new Map<string, string>();
  for (const r of rows) {
    const company = r.companyId === null ? null : nameById.get(r.companyId);
    if (company === undefined) continue;
    out.set(labelKey(company, r.name), r.id);
  }
  return out;
}

/** Rule ids keyed by "<company>/<name>"; rules have no unique key, so look up before insert. */
export async function upsertRules(db: Db, companyIds: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rule of RULES) {
    const companyId = companyIds.get(rule.company);
    if (companyId === undefined) throw new Error(`Seed: company ${rule.company} is missing`);
    const [found] = await db.select({ id: rules.id }).from(rules).where(and(eq(rules.companyId, companyId), eq(rules.name, rule.name))).limit(1);
    const id =
      found?.id ??
      (await db.insert(rules).values({ companyId, name: rule.name, trigger: rule.trigger, actions: rule.actions }).returning({ id: rules.id }))[0]?.id;
    if (id === undefined) throw new Error("Seed: rule insert returned nothing");
    out.set(`${rule.company}/${rule.name}`, id);
  }
  return out;
}

/** User ids by e-mail. All seeded users share one password hash: argon2 is slow on purpose. */
export async function upsertUsers(db: Db, list: SeedUser[], companyIds: Map<string, string>, passwordHash: string, createdAt: Date): Promise<Map<string, string>> {
  const values = list.map((u) => ({
    email: u.email,
    name: u.name,
    passwordHash,
    role: u.role,
    companyId: u.company === null ? null : (companyIds.get(u.company) ?? null),
    active: u.active,
    createdAt,
    deactivatedAt: u.active ? null : new Date(createdAt.getTime() + 150 * DAY_MS),
  }));
  await db.insert(users).values(values).onConflictDoNothing({ target: users.email });
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, list.map((u) => u.email)));
  return new Map(rows.map((r) => [r.email, r.id]));
}
