import { and, eq, inArray, or } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { capabilitiesOfDriver } from "@/operators/registry";
import type { DriverName } from "@/operators/types";
import { lockSims, type LockedSim, type Tx } from "./sim-change";
import { canTransition, type SimStatus } from "./status-machine";

// SIM swap: a new physical SIM takes over the line of a Blank or broken one. Asking puts the old
// SIM in Pending with a `swap` operation naming the new SIM; the `run-operations` job has the
// operator move the line and then moves the product across (lib/sims/swap-finish.ts).

export const SWAP_KIND = "swap";

// A Blank SIM has no line to keep; the others have one on a card that may be broken. Pending
// (another operation, or the integrator's check) and Not available (no integration) cannot.
const SWAPPABLE: readonly SimStatus[] = ["blank", "activation_ready", "active", "suspended", "invalid"];

export const swapPendingDetail = (newIccid: string) => `Swapping to ${newIccid} at the operator`;

// What the new SIM ends in: a suspended line stays suspended (with its reason, so a refill still
// resumes it); a working one is Active if the line was ever used, else Activation ready.
export function swapTarget(old: Pick<LockedSim, "status" | "lastUsageAt">): SimStatus {
  if (old.status === "suspended") return "suspended";
  return old.lastUsageAt ? "active" : "activation_ready";
}

// Whether the SIM page offers a swap (requestSimSwap checks it all again, with the new SIM).
export function canOfferSwap(sim: { formFactor: string; status: SimStatus; retiredAt: Date | null }, driver: DriverName): boolean {
  return sim.formFactor === "physical" && sim.retiredAt === null && SWAPPABLE.includes(sim.status) && capabilitiesOfDriver(driver).has("simSwap");
}

function oldSimRefusal(old: LockedSim, driver: DriverName): string | null {
  if (old.formFactor !== "physical") return "Only a physical SIM can be swapped; an eSIM gets a new profile instead.";
  if (old.retiredAt) return "This SIM was already retired by a SIM swap.";
  if (!capabilitiesOfDriver(driver).has("simSwap")) return "This SIM's operator integration cannot swap SIMs.";
  if (old.status === "pending") return "This SIM is Pending: wait until its current operation ends.";
  if (!SWAPPABLE.includes(old.status) || !canTransition(old.status, "pending")) return "Only a Blank, Activation ready, Active, Suspended or Invalid SIM can be swapped.";
  return null;
}

// The new SIM must be a spare: a physical card of the same operator with no line of its own
// (Blank), no product, no end user and not promised to the company of another SIM.
function newSimRefusal(old: LockedSim, fresh: LockedSim): string | null {
  const name = `SIM ${fresh.iccid}`;
  if (fresh.formFactor !== "physical") return `${name} is an eSIM; a physical SIM can only be swapped for another physical SIM.`;
  if (fresh.operatorId !== old.operatorId) return `${name} belongs to another operator; the new SIM must be of the same operator.`;
  if (fresh.retiredAt) return `${name} was retired by a SIM swap.`;
  if (fresh.status !== "blank" || fresh.msisdn !== null) return `${name} already has a line; the new SIM must be a Blank SIM (no MSISDN yet).`;
  if (fresh.planId || fresh.endUserId || fresh.storeUse) return `${name} is in use (it has a plan, an end user or is set aside for the store).`;
  if (fresh.companyId !== null && fresh.companyId !== old.companyId) return `${name} belongs to another company.`;
  return null;
}

async function driverOf(tx: Tx, operatorId: string): Promise<DriverName> {
  const [row] = await tx.select({ driver: operators.driver }).from(operators).where(eq(operators.id, operatorId));
  return row?.driver ?? "none";
}

// One open operation per SIM is the partial unique index; this also keeps a SIM that another
// open swap is about to give a line from being used twice (both rows are locked, so it holds).
async function busy(tx: Tx, ids: readonly number[]): Promise<boolean> {
  const open = await tx
    .select({ id: simOperations.id })
    .from(simOperations)
    .where(
      and(
        inArray(simOperations.state, ["queued", "requested"]),
        or(inArray(simOperations.simId, [...ids]), inArray(simOperations.newSimId, [...ids])),
      ),
    )
    .limit(1);
  return open.length > 0;
}

/**
 * Asks for the swap of `oldIccid` to `newIccid`. Both SIMs must be in the viewer's scope (a
 * company admin can only use a spare SIM of their company); one outside reads as missing.
 */
export async function requestSimSwap(viewer: Viewer, scope: Scope, oldIccid: string, newIccid: string, at: Date): Promise<{ operationId: string }> {
  if (!can(viewer, "sims:swap")) throw new AppError("forbidden", "You may not swap SIMs.");
  if (oldIccid === newIccid) throw new AppError("invalid_input", "The new SIM must be another SIM than the one it replaces.");
  return getDb().transaction(async (tx) => {
    // Both rows in id order (lockSims), so two swaps naming the same SIMs never deadlock.
    const locked = await lockSims(tx, scope, { iccids: [oldIccid, newIccid] });
    const old = locked.find((s) => s.iccid === oldIccid);
    const fresh = locked.find((s) => s.iccid === newIccid);
    if (!old) throw new AppError("not_found", "This SIM does not exist.");
    if (!fresh) throw new AppError("not_found", `There is no SIM ${newIccid} that you can use.`);
    const refusal = oldSimRefusal(old, await driverOf(tx, old.operatorId)) ?? newSimRefusal(old, fresh);
    if (refusal) throw new AppError("conflict", refusal);
    if (await busy(tx, [old.id, fresh.id])) throw new AppError("conflict", "One of these SIMs is already part of a running operation or swap.");

    const [operation] = await tx
      .insert(simOperations)
      .values({
        simId: old.id,
        kind: SWAP_KIND,
        newSimId: fresh.id,
        previousStatus: old.status,
        previousReason: old.statusReason,
        previousDetail: old.statusDetail,
        targetStatus: swapTarget(old),
        state: "queued",
        nextAttemptAt: at,
        requestedBy: viewer.userId,
        createdAt: at,
      })
      .returning({ id: simOperations.id });
    if (!operation) throw new Error("sim_operations insert returned no row");
    const detail = swapPendingDetail(fresh.iccid);
    await tx
      .update(sims)
      .set({ status: "pending", statusReason: "user", statusDetail: detail, statusChangedAt: at, updatedAt: at })
      .where(eq(sims.id, old.id));
    await tx.insert(simStatusHistory).values({
      simId: old.id,
      fromStatus: old.status,
      toStatus: "pending",
      reason: "user",
      detail,
      actorKind: "user",
      actorUserId: viewer.userId,
      createdAt: at,
    });
    const after = { status: "pending", operationId: operation.id, oldIccid: old.iccid, newIccid: fresh.iccid };
    await tx.insert(auditLog).values([
      userAuditEntry(viewer, at, { action: "sim.swap", targetType: "sim", targetId: old.iccid, companyId: old.companyId, before: { status: old.status }, after }),
      // The new SIM's own trail says it was promised to this line; it moves company only on success.
      userAuditEntry(viewer, at, {
        action: "sim.swap",
        targetType: "sim",
        targetId: fresh.iccid,
        companyId: old.companyId,
        before: { status: fresh.status, companyId: fresh.companyId },
        after,
      }),
    ]);
    return { operationId: operation.id };
  });
}
