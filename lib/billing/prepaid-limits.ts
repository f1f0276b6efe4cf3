import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { sims } from "@/db/schema";
import { prepaidLimitReached } from "./allowance";
import { enforceLimit, type Limit, type LimitSummary } from "./system-status";

// The `enforce-prepaid-limits` job: a prepaid SIM with no data left, or whose validity has ended,
// is suspended by the system with that reason: through its operator when the integration can
// suspend (the SIM shows Pending meanwhile), in the portal only when it cannot. A system
// suspension is one a refill lifts (at once, lib/billing/allowance.ts), and this job lifts one
// nothing holds any more; the operator sync keeps it (operators/sync-status.ts).

export type PrepaidLimitsSummary = LimitSummary;

const prepaidLimit: Limit = {
  // Suspend: live prepaid SIMs out of data or days. Resume: SIMs the system suspended for that
  // which nothing holds any more: a refill made elsewhere, a new prepaid plan's package, or a move
  // off prepaid (PAYGO and subscription SIMs have no allowance to run out of).
  async due(_tx, kind, at) {
    if (kind === "suspend") {
      return and(eq(sims.simType, "prepaid"), inArray(sims.status, ["active", "activation_ready"]), or(lte(sims.dataLeftBytes, 0), lte(sims.validUntil, at))) ?? null;
    }
    return (
      and(
        eq(sims.status, "suspended"),
        inArray(sims.statusReason, ["no_data", "expiry"]),
        or(sql`${sims.simType} IS DISTINCT FROM 'prepaid'`, and(gt(sims.dataLeftBytes, 0), or(isNull(sims.validUntil), gt(sims.validUntil, at)))),
      ) ?? null
    );
  },
  reasonOf(sim, kind, at) {
    if (kind === "resume") return sim.statusReason === "expiry" ? "expiry" : "no_data";
    return prepaidLimitReached(sim, at) ?? "expiry";
  },
};

export function enforcePrepaidLimits(options: { db: Db; now: () => Date; budgetMs?: number }): Promise<PrepaidLimitsSummary> {
  return enforceLimit(prepaidLimit, options);
}
