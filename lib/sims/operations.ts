import { inArray } from "drizzle-orm";
import { auditLog, operators, simOperations, simStatusHistory, sims } from "@/db/schema";
import { systemAuditEntry, userAuditEntry } from "@/lib/audit";
import { resumeHolds } from "@/lib/billing/holds";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { capabilitiesOfDriver } from "@/operators/registry";
import type { Capability } from "@/operators/types";
import { CHANGED, changeOneSim, refused, type LockedSim, type SimChange, type SimOutcome, type Tx } from "./sim-change";
import { canTransition, type SimStatus, type StatusReason } from "./status-machine";

// Operations carried out at the operator. Asking puts the SIM in Pending with the target state,
// in one transaction with the operation row, its history and its audit entry; the
// `run-operations` job then works it through the operator's adapter (lib/sims/operations-job.ts).

export const OPERATION_KINDS = ["activate", "suspend", "resume"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

const CAPABILITY: Record<OperationKind, Capability> = { activate: "activate", suspend: "suspend", resume: "resume" };

// From which statuses each operation makes sense. Activate puts an Activation ready line in
// service before its first usage (Control Center's ACTIVATION_READY -> ACTIVATED by hand).
const FROM: Record<OperationKind, readonly SimStatus[]> = {
  activate: ["activation_ready"],
  suspend: ["active", "activation_ready"],
  resume: ["suspended"],
};

const WRONG_STATUS: Record<OperationKind, string> = {
  activate: "Only an Activation ready SIM can be activated.",
  suspend: "Only an Active or Activation ready SIM can be suspended.",
  resume: "Only a Suspended SIM can be resumed.",
};

export const PENDING_DETAIL: Record<OperationKind, string> = {
  activate: "Activating at the operator",
  suspend: "Suspending at the operator",
  resume: "Resuming at the operator",
};

// Limits the system enforces on its own: a prepaid allowance used up or expired, a dormant
// prepaid SIM, a PAYGO wallet below its minimum balance.
export type SystemReason = "no_data" | "expiry" | "dormancy" | "no_funds";

// What the SIM's status says when the system, not a person, asked for the operation.
export const SYSTEM_REASON_DETAIL: Record<SystemReason, string> = {
  no_data: "No data left",
  expiry: "Validity ended",
  dormancy: "Dormant: no refill for the contract period",
  no_funds: "Wallet below its minimum balance",
};

// And when it lifts its own suspension.
const SYSTEM_LIFTED_DETAIL: Record<SystemReason, string> = {
  no_data: "Data available again",
  expiry: "Valid again",
  dormancy: "Refilled",
  no_funds: "Wallet back at or above its minimum balance",
};

export function isSystemReason(reason: StatusReason | null): reason is SystemReason {
  return reason !== null && reason in SYSTEM_REASON_DETAIL;
}

// A suspension shows the limit that made it; a lift by the system reads "by the system" (its
// detail says which limit ended), so an Active SIM never shows "No data left" as its reason.
export function statusReasonAfter(kind: OperationKind, reason: StatusReason): StatusReason {
  return kind === "resume" && isSystemReason(reason) ? "system" : reason;
}

// "No data left; suspending at the operator", "Wallet back at or above its minimum balance; resumed".
export function systemDetail(reason: SystemReason, kind: OperationKind, what: string): string {
  return `${kind === "resume" ? SYSTEM_LIFTED_DETAIL[reason] : SYSTEM_REASON_DETAIL[reason]}; ${what.toLowerCase()}`;
}

export function targetOf(kind: OperationKind, hasUsage: boolean): SimStatus {
  if (kind === "suspend") return "suspended";
  if (kind === "activate") return "active";
  return hasUsage ? "active" : "activation_ready";
}

// The operations this SIM offers its viewer now: the status allows it and its integration can.
export function offeredOperations(sim: { status: SimStatus; retiredAt: Date | null }, capabilities: ReadonlySet<Capability>): OperationKind[] {
  if (sim.retiredAt) return [];
  return OPERATION_KINDS.filter((kind) => FROM[kind].includes(sim.status) && capabilities.has(CAPABILITY[kind]));
}

export const simOperationChange: SimChange<OperationKind> = {
  permission: "sims:operate",
  prepare: async (_ctx, kind) => kind,
  async apply(ctx, locked, kind) {
    // A limit still in force (no data, no funds) keeps the SIM suspended whoever asks.
    const holds = kind === "resume" ? await resumeHolds(ctx.tx, locked, ctx.at) : new Map<number, string>();
    const free = locked.filter((sim) => !holds.has(sim.id));
    const started = await startOperations(ctx.tx, { kind: "user", viewer: ctx.viewer }, free, kind, ctx.at);
    const bySim = new Map(free.map((sim, i) => [sim.id, started[i]]));
    return locked.map((sim) => {
      const held = holds.get(sim.id);
      return held ? refused(held) : (bySim.get(sim.id) ?? refused("Not changed."));
    });
  },
};

// Who asks: a person, or the system enforcing a limit (no data left, validity ended, dormancy).
export type OperationActor = { kind: "user"; viewer: Viewer } | { kind: "system"; reason: SystemReason };

// Starts an operation on each SIM that allows it (SIMs locked by the caller); one outcome per SIM.
export async function startOperations(tx: Tx, actor: OperationActor, locked: LockedSim[], kind: OperationKind, at: Date): Promise<SimOutcome[]> {
  const reason: StatusReason = actor.kind === "user" ? "user" : actor.reason;
  // The operation keeps the limit's reason; the status shows it as statusReasonAfter says.
  const statusReason = statusReasonAfter(kind, reason);
  const requestedBy = actor.kind === "user" ? actor.viewer.userId : null;
  const pendingDetail = actor.kind === "user" ? PENDING_DETAIL[kind] : systemDetail(actor.reason, kind, PENDING_DETAIL[kind]);
  const operatorIds = [...new Set(locked.map((sim) => sim.operatorId))];
  const drivers = new Map(
    (await tx.select({ id: operators.id, driver: operators.driver }).from(operators).where(inArray(operators.id, operatorIds))).map((o) => [o.id, o.driver]),
  );
  const outcomes = new Map<number, SimOutcome>();
  const eligible: LockedSim[] = [];
  for (const sim of locked) {
    const driver = drivers.get(sim.operatorId) ?? "none";
    if (!capabilitiesOfDriver(driver).has(CAPABILITY[kind])) outcomes.set(sim.id, refused(`This SIM's operator integration cannot ${kind} SIMs.`));
    else if (!FROM[kind].includes(sim.status) || !canTransition(sim.status, "pending")) outcomes.set(sim.id, refused(WRONG_STATUS[kind]));
    else eligible.push(sim);
  }
  if (eligible.length > 0) {
    // One open operation per SIM (a partial unique index): a SIM that already has one is refused.
    const inserted = await tx
      .insert(simOperations)
      .values(
        eligible.map((sim) => ({
          simId: sim.id,
          kind,
          previousStatus: sim.status,
          previousReason: sim.statusReason,
          previousDetail: sim.statusDetail,
          targetStatus: targetOf(kind, sim.lastUsageAt !== null),
          state: "queued",
          nextAttemptAt: at,
          requestedBy,
          reason,
          actorKind: actor.kind,
          createdAt: at,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: simOperations.id, simId: simOperations.simId });
    const operationOf = new Map(inserted.map((row) => [row.simId, row.id]));
    const started = eligible.filter((sim) => operationOf.has(sim.id));
    for (const sim of eligible) if (!operationOf.has(sim.id)) outcomes.set(sim.id, refused("Another operation is already running on this SIM."));
    if (started.length > 0) {
      await tx
        .update(sims)
        .set({ status: "pending", statusReason, statusDetail: pendingDetail, statusChangedAt: at, updatedAt: at })
        .where(inArray(sims.id, started.map((sim) => sim.id)));
      await tx.insert(simStatusHistory).values(
        started.map((sim) => ({
          simId: sim.id,
          fromStatus: sim.status,
          toStatus: "pending" as const,
          reason: statusReason,
          detail: pendingDetail,
          actorKind: actor.kind,
          actorUserId: requestedBy,
          createdAt: at,
        })),
      );
      await tx.insert(auditLog).values(
        started.map((sim) => {
          const change = {
            action: `sim.${kind}`,
            targetType: "sim",
            targetId: sim.iccid,
            companyId: sim.companyId,
            before: { status: sim.status },
            after: { status: "pending", operationId: operationOf.get(sim.id), ...(actor.kind === "system" && { reason }) },
          };
          return actor.kind === "user" ? userAuditEntry(actor.viewer, at, change) : systemAuditEntry(at, change);
        }),
      );
      for (const sim of started) outcomes.set(sim.id, CHANGED);
    }
  }
  return locked.map((sim) => outcomes.get(sim.id) ?? refused("Not changed."));
}

export async function requestSimOperation(viewer: Viewer, scope: Scope, iccid: string, kind: OperationKind, at: Date): Promise<void> {
  await changeOneSim(viewer, scope, iccid, simOperationChange, kind, at);
}
