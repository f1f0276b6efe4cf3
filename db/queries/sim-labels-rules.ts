import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "@/db";
import { labels, rules, simLabels, simRules, sims } from "@/db/schema";

// Labels and rules of some SIMs, in two small queries rather than a join per row. Unscoped:
// callers pass ids of SIMs they have already loaded through the viewer's scope. Only the
// platform's and the SIM's current company's own count: a link left from a former company
// must not show that company's label or rule names to the new one.
export async function unsafeLabelsAndRulesOf(simIds: number[]) {
  const db = getDb();
  if (simIds.length === 0) return { labels: groupBySim<LabelRow>([]), rules: groupBySim<RuleRow>([]) };
  const [labelRows, ruleRows] = await Promise.all([
    db
      .select({ simId: simLabels.simId, id: labels.id, name: labels.name, color: labels.color })
      .from(simLabels)
      .innerJoin(labels, eq(labels.id, simLabels.labelId))
      .innerJoin(sims, eq(sims.id, simLabels.simId))
      .where(and(inArray(simLabels.simId, simIds), or(isNull(labels.companyId), eq(labels.companyId, sims.companyId))))
      .orderBy(labels.name),
    db
      .select({ simId: simRules.simId, id: rules.id, name: rules.name, enabled: rules.enabled })
      .from(simRules)
      .innerJoin(rules, eq(rules.id, simRules.ruleId))
      .innerJoin(sims, eq(sims.id, simRules.simId))
      .where(and(inArray(simRules.simId, simIds), or(isNull(rules.companyId), eq(rules.companyId, sims.companyId))))
      .orderBy(rules.name),
  ]);
  return { labels: groupBySim(labelRows), rules: groupBySim(ruleRows) };
}

type LabelRow = { simId: number; id: string; name: string; color: string };
type RuleRow = { simId: number; id: string; name: string; enabled: boolean };

function groupBySim<T extends { simId: number }>(rows: T[]): Map<number, Omit<T, "simId">[]> {
  const map = new Map<number, Omit<T, "simId">[]>();
  for (const { simId, ...rest } of rows) {
    const list = map.get(simId) ?? [];
    list.push(rest);
    map.set(simId, list);
  }
  return map;
}
