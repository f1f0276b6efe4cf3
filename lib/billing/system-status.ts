import { inArray } from "drizzle-orm";
import { auditLog, operators, simStatusHistory, sims } from "@/db/schema";
import { systemAuditEntry } from "@/lib/audit";
import { type OperationKind, startOperations, type SystemReason, systemDetail, targetOf } from "@/lib/sims/operations";
import type { StatusReason } from "@/lib/sims/status-machine";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { capabilitiesOfDriver } from "@/operators/registry";

export type SystemChangeCounts = { throughOperator: number; inPortal: number };

// Suspends or resumes SIMs (locked by the caller) for a limit the system enforces: through the
// operator when the SIM's integration can (the SIM shows Pending meanwhile), in the portal when
// it cannot.
export async function applySystemChange(
  tx: Tx,
  due: LockedSim[],
  reason: SystemReason,
  kind: Extract<OperationKind, "suspend" | "resume">,
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

// A suspension shows its limit; a lift reads "by the system", its detail saying which limit ended.
function statusReasonOf(kind: "suspend" | "resume", reason: SystemReason): StatusReason {
  return kind === "resume" ? "system" : reason;
}

async function changeInPortal(tx: Tx, due: LockedSim[], reason: SystemReason, kind: Extract<OperationKind, "suspend" | "resume">, at: Date): Promise<void> {
  if (due.length === 0) return;
  const detail = systemDetail(reason, kind, IN_PORTAL[kind]);
  const to = (sim: LockedSim) => targetOf(kind, sim.lastUsageAt !== null);
  for (const status of new Set(due.map(to))) {
    await tx
      .update(sims)
      .set({ status, statusReason: statusReasonOf(kind, reason), statusDetail: detail, statusChangedAt: at, updatedAt: at })
      .where(inArray(sims.id, due.filter((sim) => to(sim) === status).map((sim) => sim.id)));
  }
  await tx.insert(simStatusHistory).values(
    due.map((sim) => ({ simId: sim.id, fromStatus: sim.status, toStatus: to(sim), reason: statusReasonOf(kind, reason), detail, actorKind: "system" as const, createdAt: at })),
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
