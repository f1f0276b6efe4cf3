import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { simulatorLines, simulatorOperations } from "@/db/schema";
import { OperatorError, type LineState, type OperationKind, type OperationResult } from "../types";
import type { SimulatorContext, SimulatorTx } from "./context";
import { linesFor, type KnownLine } from "./lines";
import { hashParts, pick, unit } from "./random";
import { applySwap, swapRefusal } from "./swap";

// Operations take `operationDelaySeconds` at the simulated operator, like a provisioning system
// working through its queue, so the portal's Pending state is visible. Their outcome is decided
// when requested; the line changes when the portal first polls after completion.

const TRANSITIONS: Record<OperationKind, { to: LineState; from: readonly LineState[] }> = {
  // Asking for the state a line is already in is accepted, as operators do.
  activate: { to: "active", from: ["ready", "suspended", "active"] },
  suspend: { to: "suspended", from: ["ready", "active", "suspended"] },
  resume: { to: "active", from: ["suspended", "active"] },
};

const FAILURE_DETAILS = [
  "Operator rejected the request: network element timeout",
  "Operator rejected the request: HLR update failed",
  "Operator rejected the request: provisioning system busy, try again later",
] as const;

const CHANGED_MEANWHILE = "Operator rejected the request: the line changed state while the operation ran";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isKind = (value: string): value is OperationKind => value in TRANSITIONS;

export function refusalOf(line: KnownLine | undefined, iccid: string, kind: OperationKind, operatorName: string): string | null {
  if (!line?.known) return `SIM ${iccid} is unknown to ${operatorName}`;
  if (line.state === "retired") return `SIM ${iccid} is retired at ${operatorName}`;
  if (line.msisdn === null) return `SIM ${iccid} has no line (MSISDN) at ${operatorName}: it needs a SIM swap`;
  if (!TRANSITIONS[kind].from.includes(line.state)) {
    return kind === "resume" ? `SIM ${iccid} was never activated: activate it instead` : `Cannot ${kind} a ${line.state} line`;
  }
  return null;
}

export async function requestOperation(ctx: SimulatorContext, iccid: string, kind: OperationKind): Promise<{ operationId: string }> {
  const lines = await linesFor(ctx.db, {
    operatorId: ctx.operatorId,
    iccids: [iccid],
    seed: ctx.settings.seed,
    unknownSimRate: ctx.settings.failureRates.unknownSim,
  });
  const refusal = refusalOf(lines.get(iccid), iccid, kind, ctx.operatorName);
  if (refusal) throw new OperatorError("bad_request", refusal, { status: 409 });

  return recordOperation(ctx, iccid, kind);
}

export async function requestSimSwap(ctx: SimulatorContext, iccid: string, newIccid: string): Promise<{ operationId: string }> {
  const lines = await linesFor(ctx.db, {
    operatorId: ctx.operatorId,
    iccids: [iccid, newIccid],
    seed: ctx.settings.seed,
    unknownSimRate: ctx.settings.failureRates.unknownSim,
  });
  const refusal = swapRefusal(lines, iccid, newIccid, ctx.operatorName);
  if (refusal) throw new OperatorError("bad_request", refusal, { status: 409 });
  return recordOperation(ctx, iccid, "swap", newIccid);
}

// Decides the outcome when asked (the request time is part of the roll, so asking again after a
// failure can succeed) and queues the operation until `operationDelaySeconds` have passed.
async function recordOperation(ctx: SimulatorContext, iccid: string, kind: string, newIccid: string | null = null): Promise<{ operationId: string }> {
  const now = ctx.now();
  const { seed, failureRates } = ctx.settings;
  const roll = hashParts(seed, "operation", iccid, newIccid ? `${kind}:${newIccid}` : kind, now.getTime());
  const fails = unit(roll) < failureRates.operation;
  const [row] = await ctx.db
    .insert(simulatorOperations)
    .values({
      operatorId: ctx.operatorId,
      iccid,
      kind,
      newIccid,
      requestedAt: now,
      completesAt: new Date(now.getTime() + ctx.settings.operationDelaySeconds * 1000),
      outcome: fails ? "failed" : "succeeded",
      detail: fails ? (pick(FAILURE_DETAILS, hashParts(roll, "detail")) ?? FAILURE_DETAILS[0]) : null,
    })
    .returning({ id: simulatorOperations.id });
  if (!row) throw new Error("simulator_operations insert returned no row");
  return { operationId: row.id };
}

export async function operationResult(ctx: SimulatorContext, operationId: string): Promise<OperationResult> {
  const unknown = new OperatorError("bad_request", `Operation ${operationId} is unknown to ${ctx.operatorName}`, { status: 404 });
  if (!UUID.test(operationId)) throw unknown;
  const now = ctx.now();
  const due = await readOperation(ctx, operationId);
  if (!due) throw unknown;
  if (now < due.completesAt) return { state: "running" };
  await applyOnce(ctx, operationId, now);
  // Re-read: the line may have refused the change, which turns the outcome into a failure.
  const op = (await readOperation(ctx, operationId)) ?? due;
  return op.outcome === "succeeded" ? { state: "succeeded" } : { state: "failed", detail: op.detail ?? "Operator rejected the request" };
}

async function readOperation(ctx: SimulatorContext, id: string) {
  const [op] = await ctx.db
    .select({
      outcome: simulatorOperations.outcome,
      detail: simulatorOperations.detail,
      completesAt: simulatorOperations.completesAt,
    })
    .from(simulatorOperations)
    .where(and(eq(simulatorOperations.id, id), eq(simulatorOperations.operatorId, ctx.operatorId)));
  return op;
}

// Claiming the row (applied_at IS NULL) and changing the line commit together, so two polls at
// once change the line once, and a poll after a later operation cannot undo that one.
async function applyOnce(ctx: SimulatorContext, id: string, now: Date): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(simulatorOperations)
      .set({ appliedAt: now })
      .where(and(eq(simulatorOperations.id, id), isNull(simulatorOperations.appliedAt)))
      .returning({
        iccid: simulatorOperations.iccid,
        kind: simulatorOperations.kind,
        newIccid: simulatorOperations.newIccid,
        outcome: simulatorOperations.outcome,
        completesAt: simulatorOperations.completesAt,
      });
    if (!claimed || claimed.outcome !== "succeeded") return;
    if (claimed.kind === "swap" && claimed.newIccid !== null) {
      if (!(await applySwap(tx, ctx, { iccid: claimed.iccid, newIccid: claimed.newIccid, at: claimed.completesAt }))) await markChangedMeanwhile(tx, id);
      return;
    }
    if (!isKind(claimed.kind)) return;
    const { to, from } = TRANSITIONS[claimed.kind];
    const changed = await tx
      .update(simulatorLines)
      .set({
        state: to,
        // A line already in the target state keeps its "since": its usage history stays as it was.
        updatedAt: sql`CASE WHEN ${simulatorLines.state} = ${to} THEN ${simulatorLines.updatedAt} ELSE ${claimed.completesAt.toISOString()}::timestamptz END`,
      })
      .where(
        and(
          eq(simulatorLines.iccid, claimed.iccid),
          eq(simulatorLines.operatorId, ctx.operatorId),
          inArray(simulatorLines.state, [...from]),
        ),
      )
      .returning({ iccid: simulatorLines.iccid });
    if (changed.length === 0) await markChangedMeanwhile(tx, id);
  });
}

async function markChangedMeanwhile(tx: SimulatorTx, id: string): Promise<void> {
  await tx.update(simulatorOperations).set({ outcome: "failed", detail: CHANGED_MEANWHILE }).where(eq(simulatorOperations.id, id));
}
