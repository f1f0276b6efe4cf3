import { and, asc, eq, inArray, isNull, lte, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { simOperations, sims } from "@/db/schema";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { applySystemChange, type SystemChangeCounts } from "./system-status";

// The `enforce-prepaid-limits` job: a prepaid SIM with no data left, or whose validity has ended,
// is suspended by the system with that reason: through its operator when the integration can
// suspend (the SIM shows Pending meanwhile), in the portal only when it cannot. A system
// suspension is one a refill lifts; the operator sync keeps it (operators/sync-status.ts).
// SIMs are taken with FOR UPDATE SKIP LOCKED and skipped while an operation runs on them, so two
// runs never suspend a SIM twice.

const BATCH = 500;
const DEFAULT_BUDGET_MS = 50_000;

type Reason = "no_data" | "expiry";
export type PrepaidLimitsSummary = SystemChangeCounts;

export async function enforcePrepaidLimits(options: { db: Db; now: () => Date; budgetMs?: number }): Promise<PrepaidLimitsSummary> {
  const deadline = options.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const summary: PrepaidLimitsSummary = { throughOperator: 0, inPortal: 0 };
  for (;;) {
    const at = options.now();
    const batch = await options.db.transaction(async (tx) => {
      const due = await lockDue(tx, at);
      if (due.length === 0) return 0;
      for (const reason of ["no_data", "expiry"] as const) {
        const counts = await applySystemChange(tx, due.filter((sim) => reasonOf(sim) === reason), reason, "suspend", at);
        summary.throughOperator += counts.throughOperator;
        summary.inPortal += counts.inPortal;
      }
      return due.length;
    });
    if (batch < BATCH || options.now().getTime() >= deadline) return summary;
  }
}

function reasonOf(sim: LockedSim): Reason {
  return sim.dataLeftBytes !== null && sim.dataLeftBytes <= 0 ? "no_data" : "expiry";
}

async function lockDue(tx: Tx, at: Date): Promise<LockedSim[]> {
  return tx
    .select()
    .from(sims)
    .where(
      and(
        eq(sims.simType, "prepaid"),
        inArray(sims.status, ["active", "activation_ready"]),
        isNull(sims.retiredAt),
        or(lte(sims.dataLeftBytes, 0), lte(sims.validUntil, at)),
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
