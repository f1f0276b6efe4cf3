import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { chunks, rowsOf } from "@/db/sql";
import { logger } from "@/lib/logger";
import { adapterFor } from "@/operators/registry";
import { OperatorError, type Capability, type OperatorAdapter } from "@/operators/types";
import { isSystemReason, statusReasonAfter, systemDetail, type OperationKind } from "./operations";
import { canTransition } from "./status-machine";
import { SWAP_KIND } from "./swap";
import { finishSimSwap } from "./swap-finish";

// The `run-operations` job: sends queued operations to the operator, polls the ones it is working
// on, and ends each in its target status or, on failure, back where the SIM was with the reason.
// Rows are claimed with a short lock (FOR UPDATE SKIP LOCKED, then `locked_until`), so two job
// runs never work one operation at once and a crashed run's operations are taken up again.

const LOCK_MS = 2 * 60_000;
const POLL_MS = 5_000;
const MAX_ATTEMPTS = 5;

export type OperationsSummary = { claimed: number; succeeded: number; failed: number; waiting: number };

type Claimed = typeof simOperations.$inferSelect;
type JobKind = OperationKind | typeof SWAP_KIND;

const newSims = alias(sims, "new_sims");

const DEFAULT_BUDGET_MS = 50_000;
// Operations worked at once: each waits on its operator, whose caller keeps its own rate limit.
const IN_FLIGHT = 8;

type RunOptions = { db: Db; now: () => Date; limit?: number; budgetMs?: number };

// Claims and works batches until none is due or the time budget is spent, so a bulk suspension
// of thousands of SIMs is not left Pending for hours at one batch a minute.
export async function runSimOperations(options: RunOptions): Promise<OperationsSummary> {
  const deadline = options.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const limit = options.limit ?? 50;
  const total: OperationsSummary = { claimed: 0, succeeded: 0, failed: 0, waiting: 0 };
  for (;;) {
    const batch = await runBatch(options, limit);
    for (const key of Object.keys(total) as (keyof OperationsSummary)[]) total[key] += batch[key];
    if (batch.claimed < limit || options.now().getTime() >= deadline) return total;
  }
}

async function runBatch(options: RunOptions, limit: number): Promise<OperationsSummary> {
  const { db, now } = options;
  const at = now();
  const claimed = rowsOf(
    await db.execute(sql`
      UPDATE sim_operations SET locked_until = ${new Date(at.getTime() + LOCK_MS).toISOString()}::timestamptz
      WHERE id IN (
        SELECT id FROM sim_operations
        WHERE state IN ('queued', 'requested') AND next_attempt_at <= ${at.toISOString()}::timestamptz
          AND (locked_until IS NULL OR locked_until <= ${at.toISOString()}::timestamptz)
        ORDER BY next_attempt_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`),
  ).map((r) => String(r.id));
  const summary: OperationsSummary = { claimed: claimed.length, succeeded: 0, failed: 0, waiting: 0 };
  if (claimed.length === 0) return summary;
  const rows = await db
    .select({ op: simOperations, iccid: sims.iccid, newIccid: newSims.iccid, operator: operators })
    .from(simOperations)
    .innerJoin(sims, eq(sims.id, simOperations.simId))
    .leftJoin(newSims, eq(newSims.id, simOperations.newSimId))
    .innerJoin(operators, eq(operators.id, sims.operatorId))
    .where(inArray(simOperations.id, claimed));
  for (const group of chunks(rows, IN_FLIGHT)) {
    for (const outcome of await Promise.all(group.map((row) => workOne(db, now, row)))) summary[outcome] += 1;
  }
  return summary;
}

async function workOne(
  db: Db,
  now: () => Date,
  { op, iccid, newIccid, operator }: { op: Claimed; iccid: string; newIccid: string | null; operator: typeof operators.$inferSelect },
): Promise<"succeeded" | "failed" | "waiting"> {
  const kind = op.kind as JobKind;
  let adapter: OperatorAdapter | null;
  try {
    adapter = adapterFor(operator, { db, now });
  } catch {
    adapter = null;
  }
  const capability: Capability = kind === SWAP_KIND ? "simSwap" : kind;
  if (!adapter?.capabilities.has(capability)) return finish(db, op, now(), { ok: false, detail: "the operator integration can no longer do this" });
  try {
    let operatorOperationId = op.operatorOperationId;
    if (op.state === "queued" || !operatorOperationId) {
      ({ operationId: operatorOperationId } = await send(adapter, kind, iccid, newIccid));
      await db
        .update(simOperations)
        .set({ state: "requested", operatorOperationId, attempts: op.attempts + 1, error: null })
        .where(eq(simOperations.id, op.id));
    }
    const result = await adapter.operationResult(operatorOperationId);
    if (result.state === "running") {
      await db
        .update(simOperations)
        .set({ nextAttemptAt: new Date(now().getTime() + POLL_MS), lockedUntil: null })
        .where(eq(simOperations.id, op.id));
      return "waiting";
    }
    return finish(db, op, now(), result.state === "succeeded" ? { ok: true } : { ok: false, detail: result.detail });
  } catch (caught) {
    if (!(caught instanceof OperatorError)) {
      logger.error("SIM operation crashed", { operationId: op.id, error: caught });
      throw caught;
    }
    const attempts = op.attempts + 1;
    if (!caught.retryable || attempts >= MAX_ATTEMPTS) return finish(db, op, now(), { ok: false, detail: `${caught.kind}: ${caught.message}` });
    // Retried later with backoff; asking the operator again is harmless (a status change is idempotent).
    await db
      .update(simOperations)
      .set({ attempts, error: `${caught.kind}: ${caught.message}`, nextAttemptAt: new Date(now().getTime() + POLL_MS * 2 ** attempts), lockedUntil: null })
      .where(eq(simOperations.id, op.id));
    return "waiting";
  }
}

function send(adapter: OperatorAdapter, kind: JobKind, iccid: string, newIccid: string | null): Promise<{ operationId: string }> {
  if (kind !== SWAP_KIND) return adapter.requestOperation(iccid, kind);
  if (!adapter.requestSimSwap || newIccid === null) throw new OperatorError("bad_request", "the operator integration cannot swap SIMs");
  return adapter.requestSimSwap(iccid, newIccid);
}

// A swap's success is written by finishSimSwap; its entry here only completes the table.
const DONE_DETAIL: Record<JobKind, string> = {
  swap: "Swapped at the operator",
  activate: "Activated at the operator",
  suspend: "Suspended at the operator",
  resume: "Resumed at the operator",
};

const FAILED_DETAIL: Record<JobKind, string> = {
  swap: "SIM swap failed",
  activate: "Activation failed",
  suspend: "Suspending failed",
  resume: "Resuming failed",
};

// Ends the operation exactly once (only the run that moves it out of an open state goes on) and
// moves the SIM: to the target, or back to where it was with the reason of the failure.
async function finish(db: Db, op: Claimed, at: Date, result: { ok: true } | { ok: false; detail: string }): Promise<"succeeded" | "failed"> {
  const kind = op.kind as JobKind;
  const outcome = result.ok ? "succeeded" : "failed";
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(simOperations)
      .set({ state: outcome, finishedAt: at, lockedUntil: null, ...(!result.ok && { error: result.detail }) })
      .where(and(eq(simOperations.id, op.id), inArray(simOperations.state, ["queued", "requested"])))
      .returning({ id: simOperations.id });
    if (!ended) return;
    if (kind === SWAP_KIND && result.ok) return finishSimSwap(tx, op, at);
    const [sim] = await tx.select({ status: sims.status }).from(sims).where(eq(sims.id, op.simId)).for("update");
    // Only a SIM still waiting on this operation is moved; anything else changed it meanwhile.
    if (sim?.status !== "pending") return;
    const to = result.ok ? op.targetStatus : op.previousStatus;
    if (!canTransition("pending", to)) return;
    // A success carries the operation's own reason (a user's request, no data left…), so a
    // suspension the system made stays one the system may lift (a refill).
    const liftedReason = kind === SWAP_KIND ? op.reason : statusReasonAfter(kind, op.reason);
    const doneDetail = kind !== SWAP_KIND && isSystemReason(op.reason) ? systemDetail(op.reason, kind, DONE_DETAIL[kind]) : `${DONE_DETAIL[kind]} on request`;
    const detail = result.ok ? doneDetail : `${FAILED_DETAIL[kind]}: ${result.detail}`;
    await tx
      .update(sims)
      .set({ status: to, statusReason: result.ok ? liftedReason : (op.previousReason ?? "operator"), statusDetail: detail, statusChangedAt: at, updatedAt: at })
      .where(eq(sims.id, op.simId));
    await tx.insert(simStatusHistory).values({
      simId: op.simId,
      fromStatus: "pending",
      toStatus: to,
      reason: result.ok ? liftedReason : "operator",
      detail,
      actorKind: result.ok ? op.actorKind : "operator",
      actorUserId: result.ok ? op.requestedBy : null,
      createdAt: at,
    });
  });
  return outcome;
}
