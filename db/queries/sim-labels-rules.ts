import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { labels, rules, simLabels, simRules } from "@/db/schema";

// Labels and rules of some SIMs, in two small queries rather than a join per row. Unscoped:
// callers pass ids of SIMs they have already loaded through the viewer's scope.
export async function unsafeLabelsAndRulesOf(simIds: number[]) {
  const db = getDb();
  if (simIds.length === 0) return { labels: groupBySim<LabelRow>([]), rules: groupBySim<RuleRow>([]) };
  const [labelRows, ruleRows] = await Promise.all([
    db
      .select({ simId: simLabels.simId, id: labels.id, name: labels.name, color: labels.color })
      .from(simLabels)
      .innerJoin(labels, eq(labels.id, simLabels.labelId))
      .where(inArray(simLabels.simId, simIds))
      .orderBy(labels.name),
    db
      .select({ simId: simRules.simId, id: rules.id, name: rules.name, enabled: rules.enabled })
      .from(simRules)
      .innerJoin(rules, eq(rules.id, simRules.ruleId))
      .where(inArray(simRules.simId, simIds))
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
