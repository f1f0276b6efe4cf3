import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { plans, sims, wallets } from "@/db/schema";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { walletBelowMinimum } from "@/db/queries/wallets";
import { prepaidLimitReached } from "./allowance";

// Limits that keep a SIM suspended whoever asks to resume it: a prepaid SIM with no data left or
// whose validity has ended, a PAYGO SIM whose company's wallet is below its minimum. Resuming it
// anyway would only have the limit jobs suspend it again a minute later, with two operator calls
// and usage in between that nobody pays for.

// The wallet that holds a PAYGO SIM back: its company's, in its plan's currency, below minimum
// (only those of `walletIds` when given). For a query on `sims`.
export function blockingWallet(tx: Tx, walletIds?: readonly string[]): SQL {
  return sql`EXISTS (${tx
    .select({ one: sql`1` })
    .from(plans)
    .innerJoin(wallets, and(eq(wallets.companyId, sims.companyId), eq(wallets.currency, plans.currency)))
    .where(
      and(
        eq(plans.id, sims.planId),
        eq(plans.type, "paygo"),
        walletBelowMinimum,
        walletIds ? inArray(wallets.id, [...walletIds]) : undefined,
      ),
    )})`;
}

const PREPAID_HOLD: Record<"no_data" | "expiry", string> = {
  no_data: "This SIM has no data left: refill it first.",
  expiry: "This SIM's validity has ended: refill it first.",
};

// Why each of these SIMs may not be resumed now; SIMs absent from the map may be.
export async function resumeHolds(tx: Tx, locked: readonly LockedSim[], at: Date): Promise<Map<number, string>> {
  const holds = new Map<number, string>();
  for (const sim of locked) {
    const limit = sim.simType === "prepaid" ? prepaidLimitReached(sim, at) : null;
    if (limit) holds.set(sim.id, PREPAID_HOLD[limit]);
  }
  const paygo = locked.filter((sim) => sim.simType === "paygo").map((sim) => sim.id);
  if (paygo.length > 0) {
    const held = await tx
      .select({ id: sims.id })
      .from(sims)
      .where(and(inArray(sims.id, paygo), blockingWallet(tx)));
    for (const { id } of held) holds.set(id, "The company's wallet is below its minimum balance: top it up first.");
  }
  return holds;
}
