import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { simScopeCondition } from "@/db/queries/sim-scope";
import { auditLog, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { capabilitiesOfDriver } from "@/operators/registry";
import type { Capability } from "@/operators/types";
import { assertTransition, type SimStatus } from "./status-machine";

// Operations carried out at the operator. Asking puts the SIM in Pending with the target state,
// in one transaction with the operation row, its history and its audit entry; the
// `run-operations` job then works it through the operator's adapter (lib/sims/operations-job.ts).

export const OPERATION_KINDS = ["suspend", "resume"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

const CAPABILITY: Record<OperationKind, Capability> = { suspend: "suspend", resume: "resume" };

// From which statuses each operation makes sense, and what the SIM becomes.
const FROM: Record<OperationKind, readonly SimStatus[]> = {
  suspend: ["active", "activation_ready"],
  resume: ["suspended"],
};

export const PENDING_DETAIL: Record<OperationKind, string> = {
  suspend: "Suspending at the operator",
  resume: "Resuming at the operator",
};

export function targetOf(kind: OperationKind, hasUsage: boolean): SimStatus {
  if (kind === "suspend") return "suspended";
  return hasUsage ? "active" : "activation_ready";
}

// The operations this SIM offers its viewer now: the status allows it and its integration can.
export function offeredOperations(sim: { status: SimStatus }, capabilities: ReadonlySet<Capability>): OperationKind[] {
  return OPERATION_KINDS.filter((kind) => FROM[kind].includes(sim.status) && capabilities.has(CAPABILITY[kind]));
}

export async function requestSimOperation(
  viewer: Viewer,
  scope: Scope,
  iccid: string,
  kind: OperationKind,
  at: Date,
): Promise<{ operationId: string }> {
  if (!can(viewer, "sims:operate")) throw new AppError("forbidden", "You may not change this SIM.");
  return getDb().transaction(async (tx) => {
    const [found] = await tx
      .select({ sim: sims, operator: operators })
      .from(sims)
      .innerJoin(operators, eq(operators.id, sims.operatorId))
      .where(and(eq(sims.iccid, iccid), simScopeCondition(scope)))
      .for("update", { of: sims });
    // Out of scope reads as missing: the same answer as a SIM that does not exist.
    if (!found) throw new AppError("not_found", "This SIM does not exist.");
    const { sim, operator } = found;
    if (!capabilitiesOfDriver(operator.driver).has(CAPABILITY[kind])) {
      throw new AppError("invalid_input", `This SIM's operator integration cannot ${kind} SIMs.`);
    }
    if (!FROM[kind].includes(sim.status)) {
      throw new AppError("conflict", kind === "suspend" ? "Only an Active or Activation ready SIM can be suspended." : "Only a Suspended SIM can be resumed.");
    }
    assertTransition(sim.status, "pending");
    const inserted = await tx
      .insert(simOperations)
      .values({
        simId: sim.id,
        kind,
        previousStatus: sim.status,
        previousReason: sim.statusReason,
        previousDetail: sim.statusDetail,
        targetStatus: targetOf(kind, sim.lastUsageAt !== null),
        state: "queued",
        nextAttemptAt: at,
        requestedBy: viewer.userId,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: simOperations.id });
    const operation = inserted[0];
    if (!operation) throw new AppError("conflict", "Another operation is already running on this SIM.");
    await tx
      .update(sims)
      .set({ status: "pending", statusReason: "user", statusDetail: PENDING_DETAIL[kind], statusChangedAt: at, updatedAt: at })
      .where(eq(sims.id, sim.id));
    await tx.insert(simStatusHistory).values({
      simId: sim.id,
      fromStatus: sim.status,
      toStatus: "pending",
      reason: "user",
      detail: PENDING_DETAIL[kind],
      actorKind: "user",
      actorUserId: viewer.userId,
      createdAt: at,
    });
    await tx.insert(auditLog).values({
      actorKind: "user",
      actorUserId: viewer.userId,
      action: `sim.${kind}`,
      targetType: "sim",
      targetId: sim.iccid,
      companyId: sim.companyId,
      before: { status: sim.status },
      after: { status: "pending", operationId: operation.id },
      createdAt: at,
    });
    return { operationId: operation.id };
  });
}
