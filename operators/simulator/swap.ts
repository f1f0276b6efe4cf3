import { and, asc, eq, inArray } from "drizzle-orm";
import { simulatorLines } from "@/db/schema";
import type { SimulatorContext, SimulatorTx } from "./context";
import type { KnownLine } from "./lines";
import { hashParts } from "./random";

// SIM swap at the simulated operator: the line (its MSISDN and state) moves from one card to
// another, which keeps its own IMSI; the old card is retired. A card that never had a number (a
// Blank SIM) gets a new one, as an operator does when it provisions the replacement.

export function swapRefusal(
  lines: ReadonlyMap<string, KnownLine>,
  iccid: string,
  newIccid: string,
  operatorName: string,
): string | null {
  if (iccid === newIccid) return `SIM ${iccid} cannot be swapped to itself`;
  const old = lines.get(iccid);
  const fresh = lines.get(newIccid);
  if (!old?.known) return `SIM ${iccid} is unknown to ${operatorName}`;
  if (old.state === "retired") return `SIM ${iccid} is retired at ${operatorName}`;
  if (!fresh?.known) return `New SIM ${newIccid} is unknown to ${operatorName}`;
  if (fresh.state === "retired") return `New SIM ${newIccid} is retired at ${operatorName}`;
  if (fresh.msisdn !== null) return `New SIM ${newIccid} already has a line (MSISDN) at ${operatorName}`;
  return null;
}

// International (+883) numbers, as IoT operators hand out; derived from the card, so a replay
// allocates the same one.
export function allocatedMsisdn(seed: number, iccid: string): string {
  const part = (salt: string) => String(hashParts(seed, "msisdn", salt, iccid) % 1_000_000).padStart(6, "0");
  return `883${part("a")}${part("b")}`;
}

// Moves the line within the caller's transaction; false when either card changed meanwhile so
// that the swap can no longer be made (the operation then fails and nothing moves).
export async function applySwap(tx: SimulatorTx, ctx: SimulatorContext, swap: { iccid: string; newIccid: string; at: Date }): Promise<boolean> {
  const rows = await tx
    .select()
    .from(simulatorLines)
    .where(and(eq(simulatorLines.operatorId, ctx.operatorId), inArray(simulatorLines.iccid, [swap.iccid, swap.newIccid])))
    .orderBy(asc(simulatorLines.iccid))
    .for("update");
  const old = rows.find((r) => r.iccid === swap.iccid);
  const fresh = rows.find((r) => r.iccid === swap.newIccid);
  if (!old?.known || old.state === "retired" || !fresh?.known || fresh.state === "retired" || fresh.msisdn !== null) return false;
  await tx
    .update(simulatorLines)
    .set({ state: old.state, msisdn: old.msisdn ?? allocatedMsisdn(ctx.settings.seed, swap.newIccid), updatedAt: swap.at })
    .where(and(eq(simulatorLines.operatorId, ctx.operatorId), eq(simulatorLines.iccid, swap.newIccid)));
  await tx
    .update(simulatorLines)
    .set({ state: "retired", msisdn: null, updatedAt: swap.at })
    .where(and(eq(simulatorLines.operatorId, ctx.operatorId), eq(simulatorLines.iccid, swap.iccid)));
  return true;
}
