import { and, asc, inArray, type SQL } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { simScopeCondition } from "@/db/queries/sim-scope";
import { simOperations, sims } from "@/db/schema";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";

// The one shape of every change made to SIMs by a person: from the SIM page (one SIM) and from a
// bulk action (a batch of SIMs) alike. A change checks its input once, then applies to SIMs that
// are locked, in the viewer's scope, in id order (so two batches never deadlock), and says what
// happened to each: the bulk job records that per SIM, the SIM page shows a refusal as an error.
// SIMs retired by a swap, or promised to one that is still running, are refused before apply.

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type LockedSim = typeof sims.$inferSelect;

export type SimOutcome = { outcome: "changed" | "unchanged" | "refused"; message: string | null };
export const CHANGED: SimOutcome = { outcome: "changed", message: null };
export const UNCHANGED: SimOutcome = { outcome: "unchanged", message: null };
export const refused = (message: string): SimOutcome => ({ outcome: "refused", message });

export type ChangeContext = { tx: Tx; viewer: Viewer; scope: Scope; at: Date };

export type SimChange<Input, Prepared = Input> = {
  permission: Permission;
  // Checks the input once per transaction (the plan exists, the company is in scope…) and
  // resolves what apply needs; throws AppError for input that is wrong whatever the SIM.
  prepare(ctx: ChangeContext, input: Input): Promise<Prepared>;
  // One outcome per SIM, in the order given. Writes its own history and audit entries.
  apply(ctx: ChangeContext, sims: LockedSim[], prepared: Prepared): Promise<SimOutcome[]>;
  // Work that must not happen unless the transaction committed (sending an invitation e-mail).
  afterCommit?(prepared: Prepared): Promise<void>;
};

export type SimSelector = { iccids: readonly string[] } | { ids: readonly number[] };

export async function lockSims(tx: Tx, scope: Scope, selector: SimSelector): Promise<LockedSim[]> {
  const match: SQL = "iccids" in selector ? inArray(sims.iccid, [...selector.iccids]) : inArray(sims.id, [...selector.ids]);
  return tx.select().from(sims).where(and(match, simScopeCondition(scope))).orderBy(asc(sims.id)).for("update");
}

const RETIRED = refused("This SIM was retired by a SIM swap.");
const PROMISED = refused("This SIM is taking over another SIM's line in a swap; change it once the swap is done.");

// Spare SIMs an open swap will hand the line, plan and end user to: a change now would be
// overwritten when the swap ends.
async function promisedToSwaps(tx: Tx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: simOperations.newSimId })
    .from(simOperations)
    .where(and(inArray(simOperations.newSimId, ids), inArray(simOperations.state, ["queued", "requested"])));
  return new Set(rows.flatMap((row) => (row.id === null ? [] : [row.id])));
}

// Applies a change to the selected SIMs within one transaction. SIMs outside the scope are simply
// not there: the caller compares what it asked for with what came back.
export async function changeSims<Input, Prepared>(
  ctx: ChangeContext,
  change: SimChange<Input, Prepared>,
  selector: SimSelector,
  input: Input,
): Promise<{ prepared: Prepared; changes: { sim: LockedSim; result: SimOutcome }[] }> {
  if (!can(ctx.viewer, change.permission)) throw new AppError("forbidden", "You may not make this change.");
  const prepared = await change.prepare(ctx, input);
  const locked = await lockSims(ctx.tx, ctx.scope, selector);
  const promised = await promisedToSwaps(
    ctx.tx,
    locked.map((sim) => sim.id),
  );
  const live = locked.filter((sim) => sim.retiredAt === null && !promised.has(sim.id));
  const outcomes = live.length > 0 ? await change.apply(ctx, live, prepared) : [];
  const bySim = new Map(live.map((sim, i) => [sim.id, outcomes[i] ?? refused("Not changed.")]));
  const skipped = (sim: LockedSim) => (sim.retiredAt === null ? PROMISED : RETIRED);
  return { prepared, changes: locked.map((sim) => ({ sim, result: bySim.get(sim.id) ?? skipped(sim) })) };
}

// One SIM from its page: a SIM outside the viewer's scope reads as missing, a refusal is an error.
export async function changeOneSim<Input, Prepared>(
  viewer: Viewer,
  scope: Scope,
  iccid: string,
  change: SimChange<Input, Prepared>,
  input: Input,
  at: Date,
): Promise<SimOutcome> {
  const { prepared, result } = await getDb().transaction(async (tx) => {
    const { prepared, changes } = await changeSims({ tx, viewer, scope, at }, change, { iccids: [iccid] }, input);
    const [found] = changes;
    if (!found) throw new AppError("not_found", "This SIM does not exist.");
    if (found.result.outcome === "refused") throw new AppError("conflict", found.result.message ?? "This change was refused.");
    return { prepared, result: found.result };
  });
  await change.afterCommit?.(prepared);
  return result;
}
