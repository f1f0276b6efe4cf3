import { asc, eq, inArray, sql } from "drizzle-orm";
import { allowanceLedger, auditLog, simLabels, simOperations, simRules, simStatusHistory, sims } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import { logger } from "@/lib/logger";
import type { Tx } from "./sim-change";
import { canTransition } from "./status-machine";

// The end of a SIM swap the operator carried out: within the job's finish transaction (which has
// just closed the operation, so this runs once), the new SIM takes over the line and the product,
// and the old one is retired. The prepaid balance moves through the allowance ledger, keyed by
// the operation, so the ledger of each SIM still adds up to what it shows.

type Operation = typeof simOperations.$inferSelect;

// What is left of the old SIM's allowance by its own ledger (grants minus debits), which is what
// its data left is derived from; null when it has no ledger at all.
async function ledgerBalance(tx: Tx, simId: number): Promise<{ bytes: number; validUntil: Date | null } | null> {
  const [row] = rowsOf(
    await tx.execute(sql`
      SELECT count(*)::int AS entries,
        greatest(0, coalesce(sum(CASE WHEN kind = 'grant' THEN bytes ELSE -bytes END), 0))::bigint AS left_bytes,
        max(valid_until) FILTER (WHERE kind = 'grant') AS valid_until
      FROM allowance_ledger WHERE sim_id = ${simId}`),
  );
  if (!row || Number(row.entries) === 0) return null;
  const raw = row.valid_until;
  return { bytes: Number(row.left_bytes), validUntil: raw instanceof Date ? raw : raw === null || raw === undefined ? null : new Date(String(raw)) };
}

export async function finishSimSwap(tx: Tx, op: Operation, at: Date): Promise<void> {
  if (op.newSimId === null) throw new Error(`swap operation ${op.id} names no new SIM`);
  const locked = await tx.select().from(sims).where(inArray(sims.id, [op.simId, op.newSimId])).orderBy(asc(sims.id)).for("update");
  const old = locked.find((s) => s.id === op.simId);
  const fresh = locked.find((s) => s.id === op.newSimId);
  // Nothing else moves a SIM out of Pending while its operation is open; if something did, the
  // operator's next sync shows both cards as they are rather than a transfer on stale rows.
  if (!old || !fresh || old.status !== "pending" || old.retiredAt || fresh.retiredAt) {
    logger.warn("SIM swap succeeded at the operator but the SIMs changed meanwhile", { operationId: op.id });
    return;
  }

  const balance = await ledgerBalance(tx, old.id);
  const validUntil = old.validUntil ?? balance?.validUntil ?? null;
  if (balance && balance.bytes > 0) {
    await tx
      .insert(allowanceLedger)
      .values([
        { simId: old.id, kind: "debit", bytes: balance.bytes, sourceKey: `swap:${op.id}:out`, createdAt: at },
        { simId: fresh.id, kind: "grant", bytes: balance.bytes, validUntil, sourceKey: `swap:${op.id}:in`, createdAt: at },
      ])
      .onConflictDoNothing({ target: allowanceLedger.sourceKey });
  }

  const target = op.targetStatus;
  const moves = fresh.status !== target && canTransition(fresh.status, target);
  const tookOver = `Took over the line of ${old.iccid} (SIM swap)`;
  const retired = `Retired: replaced by ${fresh.iccid}`;
  await tx
    .update(sims)
    .set({
      msisdn: old.msisdn ?? fresh.msisdn,
      planId: old.planId,
      simType: old.simType,
      companyId: old.companyId,
      endUserId: old.endUserId,
      storeUse: false,
      note: old.note ?? fresh.note,
      dataLeftBytes: balance ? balance.bytes : old.dataLeftBytes,
      validUntil,
      replacesSimId: old.id,
      ...(moves && {
        status: target,
        // A suspension keeps who made it, so a refill still resumes a SIM the system suspended.
        statusReason: target === "suspended" ? (op.previousReason ?? "user") : "user",
        statusDetail: target === "suspended" ? (op.previousDetail ?? tookOver) : tookOver,
        statusChangedAt: at,
      }),
      updatedAt: at,
    })
    .where(eq(sims.id, fresh.id));
  // The company is kept so that its admins still find the old card and where its line went.
  await tx
    .update(sims)
    .set({
      retiredAt: at,
      status: "blank",
      statusReason: "user",
      statusDetail: retired,
      statusChangedAt: at,
      msisdn: null,
      planId: null,
      simType: null,
      endUserId: null,
      storeUse: false,
      inSession: null,
      dataLeftBytes: null,
      validUntil: null,
      updatedAt: at,
    })
    .where(eq(sims.id, old.id));

  await tx.execute(sql`
    INSERT INTO sim_labels (sim_id, label_id) SELECT ${fresh.id}, label_id FROM sim_labels WHERE sim_id = ${old.id}
    ON CONFLICT DO NOTHING`);
  await tx.delete(simLabels).where(eq(simLabels.simId, old.id));
  await tx.execute(sql`
    INSERT INTO sim_rules (sim_id, rule_id) SELECT ${fresh.id}, rule_id FROM sim_rules WHERE sim_id = ${old.id}
    ON CONFLICT DO NOTHING`);
  await tx.delete(simRules).where(eq(simRules.simId, old.id));

  const actor = { actorKind: "user" as const, actorUserId: op.requestedBy, createdAt: at };
  await tx.insert(simStatusHistory).values([
    { simId: old.id, fromStatus: "pending" as const, toStatus: "blank" as const, reason: "user" as const, detail: retired, ...actor },
    ...(moves ? [{ simId: fresh.id, fromStatus: fresh.status, toStatus: target, reason: "user" as const, detail: tookOver, ...actor }] : []),
  ]);
  // Written by the job for the operator's answer, so the actor is the operator, as on other
  // results; the request's own entries name the person who asked.
  const after = { operationId: op.id, oldIccid: old.iccid, newIccid: fresh.iccid };
  await tx.insert(auditLog).values([
    {
      actorKind: "operator",
      action: "sim.swap.retired",
      targetType: "sim",
      targetId: old.iccid,
      companyId: old.companyId,
      before: { status: old.status, msisdn: old.msisdn, planId: old.planId, endUserId: old.endUserId, dataLeftBytes: old.dataLeftBytes },
      after: { ...after, status: "blank", retiredAt: at.toISOString() },
      createdAt: at,
    },
    {
      actorKind: "operator",
      action: "sim.swap.completed",
      targetType: "sim",
      targetId: fresh.iccid,
      companyId: old.companyId,
      before: { status: fresh.status, companyId: fresh.companyId, msisdn: fresh.msisdn },
      after: { ...after, status: moves ? target : fresh.status, msisdn: old.msisdn ?? fresh.msisdn, planId: old.planId, endUserId: old.endUserId },
      createdAt: at,
    },
  ]);
}
