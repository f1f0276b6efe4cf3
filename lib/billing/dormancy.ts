import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, dormancyNotices, simStatusHistory, sims, users } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import { systemAuditEntry } from "@/lib/audit";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { logger } from "@/lib/logger";
import { sendMail, type MailMessage } from "@/lib/mail";
import { startOperations, SYSTEM_REASON_DETAIL } from "@/lib/sims/operations";
import { lockSims, type LockedSim, type Tx } from "@/lib/sims/sim-change";
import { capabilitiesOfDriver } from "@/operators/registry";
import type { DriverName } from "@/operators/types";
import { suspendInPortal } from "./system-status";

// The daily `dormancy` job. Each operator contract may say how long a prepaid SIM may go without a
// refill (operators.dormancy_days); DORMANCY_WARNING_DAYS before that the SIM's end user and its
// company's admins are warned (once per refill: dormancy_notices), and when it is reached the SIM
// is deactivated by the system with the reason "dormancy": suspended through its operator when
// the integration can, in the portal otherwise; an already suspended SIM takes the new reason.
// The last refill is the SIM's latest allowance grant (the plan's start counts), or its creation.

const DAY_MS = 86_400_000;
const BATCH = 500;

type Candidate = { id: number; iccid: string; operatorName: string; driver: DriverName; refillAt: Date; dormantAt: Date };
export type DormancySummary = { warned: number; deactivated: number };

export async function runDormancy(options: { db: Db; now: () => Date; send?: (message: MailMessage) => Promise<unknown> }): Promise<DormancySummary> {
  const at = options.now();
  const send = options.send ?? sendMail;
  const candidates = await findCandidates(options.db, at, env().DORMANCY_WARNING_DAYS);
  const summary: DormancySummary = { warned: 0, deactivated: 0 };
  const dormant = candidates.filter((c) => c.dormantAt <= at);
  for (let i = 0; i < dormant.length; i += BATCH) summary.deactivated += await deactivate(options.db, dormant.slice(i, i + BATCH), at);
  const warn = candidates.filter((c) => c.dormantAt > at);
  for (let i = 0; i < warn.length; i += BATCH) {
    const messages = await recordWarnings(options.db, warn.slice(i, i + BATCH), at);
    summary.warned += new Set(messages.map((m) => m.simId)).size;
    for (const { message } of messages) await send(message).catch((error: unknown) => logger.error("dormancy warning not sent", { to: message.to, error }));
  }
  return summary;
}

async function findCandidates(db: Db, at: Date, warningDays: number): Promise<Candidate[]> {
  const rows = rowsOf(
    await db.execute(sql`
      SELECT s.id, s.iccid, o.name AS operator_name, o.driver,
        coalesce((SELECT max(l.created_at) FROM allowance_ledger l WHERE l.sim_id = s.id AND l.kind = 'grant'), s.created_at) AS refill_at,
        o.dormancy_days
      FROM sims s JOIN operators o ON o.id = s.operator_id
      WHERE o.dormancy_days IS NOT NULL AND s.sim_type = 'prepaid' AND s.retired_at IS NULL
        AND s.status IN ('active', 'activation_ready', 'suspended')
        AND s.status_reason IS DISTINCT FROM 'dormancy'`),
  );
  const warnFrom = at.getTime() + warningDays * DAY_MS;
  return rows
    .map((r) => {
      const refillAt = r.refill_at instanceof Date ? r.refill_at : new Date(String(r.refill_at));
      return {
        id: Number(r.id),
        iccid: String(r.iccid),
        operatorName: String(r.operator_name),
        driver: String(r.driver) as DriverName,
        refillAt,
        dormantAt: new Date(refillAt.getTime() + Number(r.dormancy_days) * DAY_MS),
      };
    })
    .filter((c) => c.dormantAt.getTime() <= warnFrom);
}

async function deactivate(db: Db, due: Candidate[], at: Date): Promise<number> {
  const drivers = new Map(due.map((c) => [c.id, c.driver]));
  return db.transaction(async (tx) => {
    // Locked again and re-checked: a refill or another run may have come in between.
    const locked = (await lockSims(tx, { kind: "platform" }, { ids: due.map((c) => c.id) })).filter(
      (sim) => sim.retiredAt === null && sim.statusReason !== "dormancy" && ["active", "activation_ready", "suspended"].includes(sim.status),
    );
    const canSuspend = (sim: LockedSim) => capabilitiesOfDriver(drivers.get(sim.id) ?? "none").has("suspend");
    const suspended = locked.filter((sim) => sim.status === "suspended");
    const viaOperator = locked.filter((sim) => sim.status !== "suspended" && canSuspend(sim));
    const inPortal = locked.filter((sim) => sim.status !== "suspended" && !canSuspend(sim));
    const started = await startOperations(tx, { kind: "system", reason: "dormancy" }, viaOperator, "suspend", at);
    await suspendInPortal(tx, inPortal, "dormancy", at);
    await markSuspendedDormant(tx, suspended, at);
    return started.filter((o) => o.outcome === "changed").length + inPortal.length + suspended.length;
  });
}

// Already suspended (no data left, by a user…): the line stays off; the reason becomes dormancy,
// so a refill alone no longer brings it back.
async function markSuspendedDormant(tx: Tx, suspended: LockedSim[], at: Date): Promise<void> {
  if (suspended.length === 0) return;
  const detail = SYSTEM_REASON_DETAIL.dormancy;
  await tx
    .update(sims)
    .set({ statusReason: "dormancy", statusDetail: detail, statusChangedAt: at, updatedAt: at })
    .where(inArray(sims.id, suspended.map((sim) => sim.id)));
  await tx.insert(simStatusHistory).values(
    suspended.map((sim) => ({ simId: sim.id, fromStatus: sim.status, toStatus: sim.status, reason: "dormancy" as const, detail, actorKind: "system" as const, createdAt: at })),
  );
  await tx.insert(auditLog).values(
    suspended.map((sim) =>
      systemAuditEntry(at, {
        action: "sim.dormant",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { status: sim.status, reason: sim.statusReason },
        after: { status: sim.status, reason: "dormancy" },
      }),
    ),
  );
}

// One notice per SIM and refill, written before the mail goes out; returns the mails to send.
async function recordWarnings(db: Db, due: Candidate[], at: Date): Promise<{ simId: number; message: MailMessage }[]> {
  const inserted = await db
    .insert(dormancyNotices)
    .values(due.map((c) => ({ simId: c.id, refillAt: c.refillAt, warnedAt: at })))
    .onConflictDoNothing()
    .returning({ simId: dormancyNotices.simId });
  const fresh = new Set(inserted.map((row) => row.simId));
  const warned = due.filter((c) => fresh.has(c.id));
  if (warned.length === 0) return [];
  const recipients = await recipientsOf(db, warned.map((c) => c.id));
  return warned.flatMap((c) =>
    (recipients.get(c.id) ?? []).map((to) => ({
      simId: c.id,
      message: {
        to,
        subject: `SIM ${c.iccid} will be deactivated on ${formatDate(c.dormantAt)} without a refill`,
        text: [
          `SIM ${c.iccid} has had no refill since ${formatDate(c.refillAt)}.`,
          `Under its ${c.operatorName} contract a prepaid SIM without a refill for that long is deactivated: this one will be on ${formatDate(c.dormantAt)}.`,
          "Refill it before then to keep it.",
        ].join("\n\n"),
      },
    })),
  );
}

// The SIM's end user and its company's active admins.
async function recipientsOf(db: Db, simIds: number[]): Promise<Map<number, string[]>> {
  const rows = await db
    .select({ simId: sims.id, email: users.email })
    .from(sims)
    .innerJoin(users, sql`${users.active} AND (${users.id} = ${sims.endUserId} OR (${users.role} = 'company_admin' AND ${users.companyId} = ${sims.companyId}))`)
    .where(and(inArray(sims.id, simIds), eq(users.active, true)));
  const map = new Map<number, string[]>();
  for (const row of rows) map.set(row.simId, [...(map.get(row.simId) ?? []), row.email]);
  return map;
}
