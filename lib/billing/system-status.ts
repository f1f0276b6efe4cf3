import { and, asc, eq, inArray, isNull, notExists, type SQL, sql } from "drizzle-orm";
import { auditLog, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { systemAuditEntry } from "@/lib/audit";
import type { Db } from "@/db";
import { type OperationKind, startOperations, statusReasonAfter, type SystemReason, systemDetail, targetOf } from "@/lib/sims/operations";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { capabilitiesOfDriver } from "@/operators/registry";

export type SystemChangeCounts = { throughOperator: number; inPortal: number };
export type LimitSummary = { suspended: SystemChangeCounts; resumed: SystemChangeCounts };
type LimitKind = Extract<OperationKind, "suspend" | "resume">;

// A limit the system enforces on SIMs (prepaid data and validity, PAYGO funds): which SIMs are due
// to be suspended or resumed now, as a condition on `sims` (null: none can be), and for which of
// its reasons.
export type Limit = {
  due(tx: Tx, kind: LimitKind, at: Date): Promise<SQL | null>;
  reasonOf(sim: LockedSim, kind: LimitKind, at: Date): SystemReason;
};

const BATCH = 500;
const DEFAULT_BUDGET_MS = 50_000;

// Runs a limit: suspends the SIMs due, then resumes those due, in batches claimed FOR UPDATE SKIP
// LOCKED and skipping SIMs with an operation running, so concurrent runs never act on a SIM twice;
// stops when nothing is left or the time budget (inside a cron call's) is spent.
export async function enforceLimit(limit: Limit, options: { db: Db; now: () => Date; budgetMs?: number }): Promise<LimitSummary> {
  const deadline = options.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const summary: LimitSummary = { suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } };
  for (const kind of ["suspend", "resume"] as const) {
    const total = kind === "suspend" ? summary.suspended : summary.resumed;
    for (;;) {
      const at = options.now();
      const claimed = await options.db.transaction(async (tx) => {
        const condition = await limit.due(tx, kind, at);
        const due = condition ? await claim(tx, condition) : [];
        const byReason = new Map<SystemReason, LockedSim[]>();
        for (const sim of due) {
          const reason = limit.reasonOf(sim, kind, at);
          byReason.set(reason, [...(byReason.get(reason) ?? []), sim]);
        }
        for (const [reason, batch] of byReason) {
          const counts = await applySystemChange(tx, batch, reason, kind, at);
          total.throughOperator += counts.throughOperator;
          total.inPortal += counts.inPortal;
        }
        return due.length;
      });
      if (claimed < BATCH || options.now().getTime() >= deadline) break;
    }
  }
  return summary;
}

async function claim(tx: Tx, condition: SQL): Promise<LockedSim[]> {
  const operationRunning = tx
    .select({ one: sql`1` })
    .from(simOperations)
    .where(and(eq(simOperations.simId, sims.id), inArray(simOperations.state, ["queued", "requested"])));
  return tx
    .select()
    .from(sims)
    .where(and(condition, isNull(sims.retiredAt), notExists(operationRunning)))
    .orderBy(asc(sims.id))
    .limit(BATCH)
    .for("update", { skipLocked: true });
}

// Suspends or resumes SIMs (locked by the caller) for a limit the system enforces: through the
// operator when the SIM's integration can (the SIM shows Pending meanwhile), in the portal when
// it cannot.
export async function applySystemChange(
  tx: Tx,
  due: LockedSim[],
  reason: SystemReason,
  kind: LimitKind,
  at: Date,
): Promise<SystemChangeCounts> {
  if (due.length === 0) return { throughOperator: 0, inPortal: 0 };
  const ids = [...new Set(due.map((sim) => sim.operatorId))];
  const rows = await tx.select({ id: operators.id, driver: operators.driver }).from(operators).where(inArray(operators.id, ids));
  const drivers = new Map(rows.map((row) => [row.id, row.driver]));
  const viaOperator = due.filter((sim) => capabilitiesOfDriver(drivers.get(sim.operatorId) ?? "none").has(kind));
  const inPortal = due.filter((sim) => !viaOperator.includes(sim));
  const started = await startOperations(tx, { kind: "system", reason }, viaOperator, kind, at);
  await changeInPortal(tx, inPortal, reason, kind, at);
  return { throughOperator: started.filter((outcome) => outcome.outcome === "changed").length, inPortal: inPortal.length };
}

// When the SIM's integration cannot suspend or resume, a limit the system enforces (no data, no
// funds, dormancy…) is applied in the portal alone, and says so. SIMs locked by the caller.

const IN_PORTAL: Record<"suspend" | "resume", string> = {
  suspend: "Suspended in the portal (the operator integration cannot suspend)",
  resume: "Resumed in the portal (the operator integration cannot resume)",
};

export async function suspendInPortal(tx: Tx, due: LockedSim[], reason: SystemReason, at: Date): Promise<void> {
  await changeInPortal(tx, due, reason, "suspend", at);
}

async function changeInPortal(tx: Tx, due: LockedSim[], reason: SystemReason, kind: LimitKind, at: Date): Promise<void> {
  if (due.length === 0) return;
  const detail = systemDetail(reason, kind, IN_PORTAL[kind]);
  const to = (sim: LockedSim) => targetOf(kind, sim.lastUsageAt !== null);
  for (const status of new Set(due.map(to))) {
    await tx
      .update(sims)
      .set({ status, statusReason: statusReasonAfter(kind, reason), statusDetail: detail, statusChangedAt: at, updatedAt: at })
      .where(inArray(sims.id, due.filter((sim) => to(sim) === status).map((sim) => sim.id)));
  }
  await tx.insert(simStatusHistory).values(
    due.map((sim) => ({ simId: sim.id, fromStatus: sim.status, toStatus: to(sim), reason: statusReasonAfter(kind, reason), detail, actorKind: "system" as const, createdAt: at })),
  );
  await tx.insert(auditLog).values(
    due.map((sim) =>
      systemAuditEntry(at, {
        action: `sim.${kind}`,
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { status: sim.status },
        after: { status: to(sim), reason },
      }),
    ),
  );
}
