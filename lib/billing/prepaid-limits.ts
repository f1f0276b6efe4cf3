import { and, asc, eq, gt, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { simOperations, sims } from "@/db/schema";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { applySystemChange, type SystemChangeCounts } from "./system-status";

// The `enforce-prepaid-limits` job: a prepaid SIM with no data left, or whose validity has ended,
// is suspended by the system with that reason: through its operator when the integration can
// suspend (the SIM shows Pending meanwhile), in the portal only when it cannot. A system
// suspension is one a refill lifts (at once, lib/billing/allowance.ts), and this job lifts one
// nothing holds any more; the operator sync keeps it (operators/sync-status.ts).
// SIMs are taken with FOR UPDATE SKIP LOCKED and skipped while an operation runs on them, so two
// runs never suspend a SIM twice.

const BATCH = 500;
const DEFAULT_BUDGET_MS = 50_000;

type Reason = "no_data" | "expiry";
export type PrepaidLimitsSummary = { suspended: SystemChangeCounts; resumed: SystemChangeCounts };

export async function enforcePrepaidLimits(options: { db: Db; now: () => Date; budgetMs?: number }): Promise<PrepaidLimitsSummary> {
  const deadline = options.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const summary: PrepaidLimitsSummary = { suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } };
  for (const kind of ["suspend", "resume"] as const) {
    for (;;) {
      const at = options.now();
      const batch = await options.db.transaction(async (tx) => {
        const due = await lockDue(tx, kind, at);
        for (const reason of ["no_data", "expiry"] as const) {
          const counts = await applySystemChange(tx, due.filter((sim) => reasonOf(sim, kind) === reason), reason, kind, at);
          summary[kind === "suspend" ? "suspended" : "resumed"].throughOperator += counts.throughOperator;
          summary[kind === "suspend" ? "suspended" : "resumed"].inPortal += counts.inPortal;
        }
        return due.length;
      });
      if (batch < BATCH || options.now().getTime() >= deadline) break;
    }
  }
  return summary;
}

function reasonOf(sim: LockedSim, kind: "suspend" | "resume"): Reason {
  if (kind === "resume") return sim.statusReason === "expiry" ? "expiry" : "no_data";
  return sim.dataLeftBytes !== null && sim.dataLeftBytes <= 0 ? "no_data" : "expiry";
}

// Suspend: live prepaid SIMs out of data or days. Resume: SIMs the system suspended for that which
// nothing holds any more: a refill made elsewhere, a new prepaid plan's package, or a move off
// prepaid (PAYGO and subscription SIMs have no allowance to run out of).
function dueCondition(kind: "suspend" | "resume", at: Date) {
  if (kind === "suspend") {
    return and(eq(sims.simType, "prepaid"), inArray(sims.status, ["active", "activation_ready"]), or(lte(sims.dataLeftBytes, 0), lte(sims.validUntil, at)));
  }
  return and(
    eq(sims.status, "suspended"),
    inArray(sims.statusReason, ["no_data", "expiry"]),
    or(
      sql`${sims.simType} IS DISTINCT FROM 'prepaid'`,
      and(gt(sims.dataLeftBytes, 0), or(isNull(sims.validUntil), gt(sims.validUntil, at))),
    ),
  );
}

async function lockDue(tx: Tx, kind: "suspend" | "resume", at: Date): Promise<LockedSim[]> {
  return tx
    .select()
    .from(sims)
    .where(
      and(
        dueCondition(kind, at),
        isNull(sims.retiredAt),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(simOperations)
            .where(and(eq(simOperations.simId, sims.id), inArray(simOperations.state, ["queued", "requested"]))),
        ),
      ),
    )
    .orderBy(asc(sims.id))
    .limit(BATCH)
    .for("update", { skipLocked: true });
}
