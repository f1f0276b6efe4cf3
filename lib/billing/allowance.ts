import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { allowanceLedger, sims } from "@/db/schema";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { applySystemChange } from "./system-status";

// The prepaid data allowance of a SIM is its ledger (allowance_ledger): grants (plan start,
// refills) add bytes and set a validity end, debits (usage) and expiries take bytes away.
//
// Rules, written once:
// - Sum = grants - debits - expiries. Data left = the sum while the allowance is valid (before the
//   latest grant's end), floored at 0; after that end it is 0. sims.data_left_bytes keeps the
//   floored sum for the list; days left come from sims.valid_until.
// - Usage the operator reports after the data ran out (it reports late) makes the sum negative;
//   the next refill covers it first: that data was used.
// - A refill adds the package's data and extends validity by its days, counted from the current
//   end while the allowance is valid and from the refill otherwise. Data left over from an
//   allowance that expired is forfeited at the refill by an `expire` entry, so the new package
//   does not revive it.
// - A refill resumes a SIM the system suspended for no data or an ended validity once it has
//   data and days again.

const DAY_MS = 86_400_000;

export type AllowanceEntry = { kind: "grant" | "debit" | "expire"; bytes: number; validUntil: Date | null };
export type Allowance = { sum: number; validUntil: Date | null };

export function allowanceOf(entries: readonly AllowanceEntry[], start: Allowance = { sum: 0, validUntil: null }): Allowance {
  let { sum, validUntil } = start;
  for (const entry of entries) {
    sum += entry.kind === "grant" ? entry.bytes : -entry.bytes;
    if (entry.kind === "grant" && entry.validUntil && (!validUntil || entry.validUntil > validUntil)) validUntil = entry.validUntil;
  }
  return { sum, validUntil };
}

// Each SIM's allowance, summed by the database (a ledger grows with every usage batch), leaving out
// the entries of `exceptKeys`.
export async function allowancesOf(tx: Tx, simIds: readonly number[], exceptKeys: readonly string[] = []): Promise<Map<number, Allowance>> {
  if (simIds.length === 0) return new Map();
  const rows = await tx
    .select({
      simId: allowanceLedger.simId,
      sum: sql<number>`coalesce(sum(CASE WHEN ${allowanceLedger.kind} = 'grant' THEN ${allowanceLedger.bytes} ELSE -${allowanceLedger.bytes} END), 0)::bigint`.mapWith(Number),
      validUntil: sql<Date | null>`max(${allowanceLedger.validUntil}) FILTER (WHERE ${allowanceLedger.kind} = 'grant')`.mapWith((v: unknown) =>
        v === null || v === undefined ? null : new Date(v as string),
      ),
    })
    .from(allowanceLedger)
    .where(and(inArray(allowanceLedger.simId, [...simIds]), exceptKeys.length > 0 ? notInArray(allowanceLedger.sourceKey, [...exceptKeys]) : undefined))
    .groupBy(allowanceLedger.simId);
  return new Map(rows.map((r) => [r.simId, { sum: r.sum, validUntil: r.validUntil }]));
}

// The prepaid limit a SIM has reached by its list columns, if any: no data left, or an ended validity.
export function prepaidLimitReached(sim: { dataLeftBytes: number | null; validUntil: Date | null }, at: Date): "no_data" | "expiry" | null {
  if (sim.dataLeftBytes !== null && sim.dataLeftBytes <= 0) return "no_data";
  return sim.validUntil !== null && sim.validUntil <= at ? "expiry" : null;
}

export function dataLeftBytes(allowance: Allowance, at: Date): number {
  if (!allowance.validUntil || allowance.validUntil <= at) return 0;
  return Math.max(0, allowance.sum);
}

export type RefillPackage = { dataBytes: number; validityDays: number };

// What a refill writes: the forfeit of expired data (if any) and the grant.
export function refillEntries(before: Allowance, pack: RefillPackage, at: Date): AllowanceEntry[] {
  const valid = before.validUntil !== null && before.validUntil > at;
  const from = valid && before.validUntil ? before.validUntil : at;
  const grant: AllowanceEntry = { kind: "grant", bytes: pack.dataBytes, validUntil: new Date(from.getTime() + pack.validityDays * DAY_MS) };
  return !valid && before.sum > 0 ? [{ kind: "expire", bytes: before.sum, validUntil: null }, grant] : [grant];
}

export type RefillResult = { refilled: boolean; dataLeftBytes: number; validUntil: Date | null; resumed: boolean };

// Refills a prepaid SIM (locked by the caller) exactly once per source key (a payment's id).
export async function refillAllowance(tx: Tx, sim: LockedSim, pack: RefillPackage, sourceKey: string, at: Date): Promise<RefillResult> {
  const [seen] = await tx.select({ id: allowanceLedger.id }).from(allowanceLedger).where(eq(allowanceLedger.sourceKey, `refill:${sourceKey}`));
  const before = (await allowancesOf(tx, [sim.id])).get(sim.id) ?? { sum: 0, validUntil: null };
  if (seen) return { refilled: false, dataLeftBytes: dataLeftBytes(before, at), validUntil: before.validUntil, resumed: false };
  const entries = refillEntries(before, pack, at);
  await tx.insert(allowanceLedger).values(
    entries.map((e) => ({ simId: sim.id, kind: e.kind, bytes: e.bytes, validUntil: e.validUntil, sourceKey: `${e.kind === "grant" ? "refill" : "expire"}:${sourceKey}`, createdAt: at })),
  );
  const after = allowanceOf(entries, before);
  const left = dataLeftBytes(after, at);
  await tx.update(sims).set({ dataLeftBytes: Math.max(0, after.sum), validUntil: after.validUntil, updatedAt: at }).where(eq(sims.id, sim.id));
  const held = sim.status === "suspended" && (sim.statusReason === "no_data" || sim.statusReason === "expiry");
  if (held && left > 0) {
    const reason = sim.statusReason === "expiry" ? "expiry" : "no_data";
    const counts = await applySystemChange(tx, [{ ...sim, dataLeftBytes: left, validUntil: after.validUntil }], reason, "resume", at);
    return { refilled: true, dataLeftBytes: left, validUntil: after.validUntil, resumed: counts.throughOperator + counts.inPortal > 0 };
  }
  return { refilled: true, dataLeftBytes: left, validUntil: after.validUntil, resumed: false };
}

// Locks one prepaid SIM for a refill; null when it is not a live prepaid SIM.
export async function lockPrepaidSim(tx: Tx, simId: number): Promise<LockedSim | null> {
  const [sim] = await tx
    .select()
    .from(sims)
    .where(and(eq(sims.id, simId), eq(sims.simType, "prepaid"), sql`${sims.retiredAt} IS NULL`))
    .for("update");
  return sim ?? null;
}
