import { and, asc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { companies, labels, simLabelCounts, simLabels, sims } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { simScopeCondition } from "./sim-scope";

// Who may see a label and who may use it (manage it, put it on SIMs, take it off):
// - staff see and use every label: the platform's own (company_id null) and every company's;
// - a company admin sees their company's labels and the platform's (the SIMs list already shows
//   and filters by both, label-visibility.db.test.ts), but uses only their company's: platform
//   labels ("Needs swap", "Store stock") are staff's markers, which a tenant must not remove;
// - end users use none.
export function visibleLabelCondition(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case "platform":
      return undefined;
    case "company":
      return or(isNull(labels.companyId), eq(labels.companyId, scope.companyId));
    case "end_user":
      return isNull(labels.companyId);
  }
}

export function usableLabelCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(labels.companyId, scope.companyId);
    case "end_user":
      return sql`false`;
  }
}

export function isLabelUsable(scope: Scope, labelCompanyId: string | null): boolean {
  if (scope.kind === "platform") return true;
  return scope.kind === "company" && labelCompanyId === scope.companyId;
}

export { isUuid } from "@/lib/uuid";

export type LabelOption = { id: string; name: string; color: string; companyId: string | null; companyName: string | null };

const optionColumns = { id: labels.id, name: labels.name, color: labels.color, companyId: labels.companyId, companyName: companies.name };

// The platform's labels first, then each company's, by name.
const ownerThenName = [sql`${companies.name} asc nulls first`, asc(sql`lower(${labels.name})`), asc(labels.id)];

/** The labels this scope may put on SIMs or take off (bulk actions, the SIM page). */
export async function listLabelOptions(scope: Scope): Promise<LabelOption[]> {
  return getDb()
    .select(optionColumns)
    .from(labels)
    .leftJoin(companies, eq(companies.id, labels.companyId))
    .where(usableLabelCondition(scope))
    .orderBy(...ownerThenName);
}

export type LabelListItem = LabelOption & { simCount: number; editable: boolean };

/**
 * The labels page: every label the scope sees, with how many of the scope's SIMs carry it. Read
 * from sim_label_counts (kept by triggers), so a label on a million SIMs costs a few rows. A
 * company's label counts only on that company's SIMs, as in the SIMs list.
 */
export async function listLabels(scope: Scope): Promise<LabelListItem[]> {
  if (scope.kind === "end_user") return [];
  const counted =
    scope.kind === "company"
      ? eq(simLabelCounts.companyKey, scope.companyId)
      : or(isNull(labels.companyId), eq(simLabelCounts.companyKey, labels.companyId));
  const simCount = sql<number>`(select coalesce(sum(${simLabelCounts.count}), 0) from ${simLabelCounts}
    where ${simLabelCounts.labelId} = ${labels.id} and ${counted})`.mapWith(Number);
  const rows = await getDb()
    .select({ ...optionColumns, simCount })
    .from(labels)
    .leftJoin(companies, eq(companies.id, labels.companyId))
    .where(visibleLabelCondition(scope))
    .orderBy(...ownerThenName);
  return rows.map((row) => ({ ...row, editable: isLabelUsable(scope, row.companyId) }));
}

export type SimLabelChoices = {
  retired: boolean;
  labels: (LabelOption & { removable: boolean })[];
  available: LabelOption[];
};

/**
 * The SIM page's labels card: the SIM's labels (as the list shows them) and the labels this scope
 * may still put on it: the platform's and the SIM's company's, never another company's.
 * Undefined when the SIM is not in the scope.
 */
export async function findSimLabelChoices(scope: Scope, iccid: string): Promise<SimLabelChoices | undefined> {
  const db = getDb();
  const [sim] = await db
    .select({ id: sims.id, companyId: sims.companyId, retiredAt: sims.retiredAt })
    .from(sims)
    .where(and(eq(sims.iccid, iccid), simScopeCondition(scope)))
    .limit(1);
  if (!sim) return undefined;
  const fitsSim = sim.companyId ? or(isNull(labels.companyId), eq(labels.companyId, sim.companyId)) : isNull(labels.companyId);
  const [current, usable] = await Promise.all([
    db
      .select(optionColumns)
      .from(simLabels)
      .innerJoin(labels, eq(labels.id, simLabels.labelId))
      .leftJoin(companies, eq(companies.id, labels.companyId))
      .where(and(eq(simLabels.simId, sim.id), fitsSim))
      .orderBy(asc(sql`lower(${labels.name})`), asc(labels.id)),
    db
      .select(optionColumns)
      .from(labels)
      .leftJoin(companies, eq(companies.id, labels.companyId))
      .where(and(usableLabelCondition(scope), fitsSim))
      .orderBy(...ownerThenName),
  ]);
  const on = new Set(current.map((l) => l.id));
  return {
    retired: sim.retiredAt !== null,
    labels: current.map((l) => ({ ...l, removable: isLabelUsable(scope, l.companyId) })),
    available: usable.filter((l) => !on.has(l.id)),
  };
}

/** Labels by id as far as the scope sees them, with their owner's name; in the caller's transaction. */
export async function findVisibleLabels(db: Db, scope: Scope, ids: readonly string[]): Promise<LabelOption[]> {
  if (ids.length === 0) return [];
  return db
    .select(optionColumns)
    .from(labels)
    .leftJoin(companies, eq(companies.id, labels.companyId))
    .where(and(inArray(labels.id, [...ids]), visibleLabelCondition(scope)));
}

/** Whom staff may create a label for: the platform (no company) or one of these companies. */
export async function listLabelOwnerChoices(scope: Scope): Promise<{ id: string; name: string }[]> {
  if (scope.kind !== "platform") return [];
  return getDb().select({ id: companies.id, name: companies.name }).from(companies).orderBy(asc(companies.name));
}
