import { and, eq, inArray } from "drizzle-orm";
import { findVisibleLabels, isUuid, isLabelUsable, type LabelOption } from "@/db/queries/labels";
import { auditLog, labels, simLabels } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { CHANGED, refused, UNCHANGED, type ChangeContext, type LockedSim, type SimChange, type SimOutcome } from "./sim-change";

// Putting labels on SIMs and taking them off, from the SIM page and bulk actions alike. Each
// batch costs three statements whatever its size: read the batch's links, insert or delete the
// missing or present ones, write one audit entry per SIM that changed. Running it twice changes
// nothing the second time.

export type SimLabelsInput = { labelIds: string[] };
export type PreparedLabels = LabelOption[];

// Keeps one statement's parameters well under PostgreSQL's 65,535 for a batch of 1,000 SIMs.
export const MAX_LABELS_PER_CHANGE = 20;

async function prepareLabels(ctx: ChangeContext, input: SimLabelsInput): Promise<PreparedLabels> {
  const ids = [...new Set(input.labelIds)];
  if (ids.length === 0) throw new AppError("invalid_input", "Choose at least one label.");
  if (ids.length > MAX_LABELS_PER_CHANGE) throw new AppError("invalid_input", `Choose at most ${MAX_LABELS_PER_CHANGE} labels at a time.`);
  // Another company's label reads as missing, as if it did not exist.
  const found = ids.every(isUuid) ? await findVisibleLabels(ctx.tx, ctx.scope, ids) : [];
  if (found.length !== ids.length) throw new AppError("not_found", ids.length === 1 ? "This label does not exist." : "One of these labels does not exist.");
  const platformLabel = found.find((label) => !isLabelUsable(ctx.scope, label.companyId));
  if (platformLabel) throw new AppError("forbidden", `"${platformLabel.name}" is a platform label; only platform staff put it on SIMs or take it off.`);
  return found;
}

// The labels a SIM shows (the platform's and its company's, as the list shows them), by name.
type Shown = { name: string; companyId: string | null };
type LinkRow = Shown & { simId: number; labelId: string };

async function linksOf(ctx: ChangeContext, simIds: number[]): Promise<LinkRow[]> {
  return ctx.tx
    .select({ simId: simLabels.simId, labelId: simLabels.labelId, name: labels.name, companyId: labels.companyId })
    .from(simLabels)
    .innerJoin(labels, eq(labels.id, simLabels.labelId))
    .where(inArray(simLabels.simId, simIds));
}

function shownNames(sim: LockedSim, links: Shown[]): string[] {
  return links
    .filter((l) => l.companyId === null || l.companyId === sim.companyId)
    .map((l) => l.name)
    .sort((a, b) => a.localeCompare(b));
}

function groupBySim<T extends { simId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.simId);
    if (list) list.push(row);
    else map.set(row.simId, [row]);
  }
  return map;
}

async function audit(ctx: ChangeContext, changed: LockedSim[], before: Map<number, Shown[]>, after: (sim: LockedSim) => Shown[]): Promise<void> {
  if (changed.length === 0) return;
  await ctx.tx.insert(auditLog).values(
    changed.map((sim) =>
      userAuditEntry(ctx.viewer, ctx.at, {
        action: "sim.labels",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { labels: shownNames(sim, before.get(sim.id) ?? []) },
        after: { labels: shownNames(sim, after(sim)) },
      }),
    ),
  );
}

// A company's label goes only on that company's SIMs; a SIM that cannot take every chosen label
// takes none of them, so a SIM never ends up with half of what was asked.
function misfit(sim: LockedSim, chosen: PreparedLabels): SimOutcome | null {
  const foreign = chosen.find((label) => label.companyId !== null && label.companyId !== sim.companyId);
  if (!foreign) return null;
  return refused(`"${foreign.name}" is a label of ${foreign.companyName ?? "another company"} and only goes on that company's SIMs.`);
}

async function addLabels(ctx: ChangeContext, locked: LockedSim[], chosen: PreparedLabels): Promise<SimOutcome[]> {
  const outcomes = new Map<number, SimOutcome>();
  const fitting: LockedSim[] = [];
  for (const sim of locked) {
    const refusal = misfit(sim, chosen);
    if (refusal) outcomes.set(sim.id, refusal);
    else fitting.push(sim);
  }
  if (fitting.length > 0) {
    const before = groupBySim(await linksOf(ctx, fitting.map((sim) => sim.id)));
    const missing = fitting.flatMap((sim) => {
      const has = new Set((before.get(sim.id) ?? []).map((l) => l.labelId));
      return chosen.filter((label) => !has.has(label.id)).map((label) => ({ simId: sim.id, labelId: label.id }));
    });
    // The SIMs are locked, so the read above stands; counting only rows really inserted keeps the
    // outcome right even against a writer that does not lock them (the seed).
    const inserted = missing.length > 0 ? await ctx.tx.insert(simLabels).values(missing).onConflictDoNothing().returning() : [];
    const added = groupBySim(inserted);
    const changed = fitting.filter((sim) => added.has(sim.id));
    await audit(ctx, changed, before, (sim) => {
      const fresh = new Set((added.get(sim.id) ?? []).map((row) => row.labelId));
      return [...(before.get(sim.id) ?? []), ...chosen.filter((label) => fresh.has(label.id))];
    });
    for (const sim of fitting) outcomes.set(sim.id, added.has(sim.id) ? CHANGED : UNCHANGED);
  }
  return locked.map((sim) => outcomes.get(sim.id) ?? refused("Not changed."));
}

async function removeLabels(ctx: ChangeContext, locked: LockedSim[], chosen: PreparedLabels): Promise<SimOutcome[]> {
  const simIds = locked.map((sim) => sim.id);
  const before = groupBySim(await linksOf(ctx, simIds));
  const labelIds = chosen.map((label) => label.id);
  const deleted = await ctx.tx
    .delete(simLabels)
    .where(and(inArray(simLabels.simId, simIds), inArray(simLabels.labelId, labelIds)))
    .returning();
  const removed = groupBySim(deleted);
  const changed = locked.filter((sim) => removed.has(sim.id));
  await audit(ctx, changed, before, (sim) => (before.get(sim.id) ?? []).filter((l) => !labelIds.includes(l.labelId)));
  return locked.map((sim) => (removed.has(sim.id) ? CHANGED : UNCHANGED));
}

export const addLabelsChange: SimChange<SimLabelsInput, PreparedLabels> = {
  permission: "sims:label",
  prepare: prepareLabels,
  apply: addLabels,
};

export const removeLabelsChange: SimChange<SimLabelsInput, PreparedLabels> = {
  permission: "sims:label",
  prepare: prepareLabels,
  apply: removeLabels,
};

