import { and, eq, gte, inArray, lt, notInArray, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db";
import { auditLog, autoRefills, payments, planRefillPackages } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import type { Tx } from "@/lib/sims/sim-change";
import { BYTES_PER_MB, formatMb } from "@/lib/units";
import { isUuid } from "@/lib/uuid";
import { cardLabel, usableCardOrThrow } from "./cards";
import { payableSimOrThrow, payerOf } from "./customers";

// Auto-refill settings, one row per prepaid SIM (auto_refills): below the threshold, the package
// is charged off-session to the card, once per crossing, within the monthly cap (the job is
// auto-refill-job.ts). Turning it on records the consent to off-session charges in the words
// shown beside the switch; turning it off keeps the row, so the crossing count (which names the
// charges' idempotency keys) never starts again.

export const THRESHOLD_MB_MIN = 1;
export const THRESHOLD_MB_MAX = 100_000;

export type AutoRefillInput = { iccid: string; enabled: boolean; thresholdMb: number; packageId: string; cardId: string; monthlyCapMinor: number };

export function autoRefillConsent(packageLabel: string, cardLabelText: string, capLabel: string): string {
  return (
    `I authorise SIM Portal to charge my card ${cardLabelText} for ${packageLabel} each time this SIM's data left falls below the threshold I set, ` +
    `without asking me each time, up to ${capLabel} in a calendar month, until I turn auto-refill off.`
  );
}

export function packageLabel(pack: { dataBytes: number; validityDays: number; priceMinor: number }, currency: string): string {
  return `${formatMb(pack.dataBytes)} MB for ${pack.validityDays} days (${formatMoney(pack.priceMinor, currency)})`;
}

// This calendar month (UTC) of `at`: [start, next start).
export function monthOf(at: Date): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)), end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) };
}

// What automatic refills of each SIM have charged, or may still charge, in the month of `at`:
// what the monthly cap counts.
export async function autoRefillMonthTotals(db: Pick<Tx, "select">, simIds: readonly number[], at: Date): Promise<Map<number, number>> {
  if (simIds.length === 0) return new Map();
  const { start, end } = monthOf(at);
  const rows = await db
    .select({ simId: payments.simId, total: sql<number>`coalesce(sum(${payments.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(payments)
    .where(
      and(
        inArray(payments.simId, [...simIds]),
        eq(payments.trigger, "auto_refill"),
        notInArray(payments.status, ["failed", "canceled"]),
        gte(payments.createdAt, start),
        lt(payments.createdAt, end),
      ),
    )
    .groupBy(payments.simId);
  return new Map(rows.flatMap((r) => (r.simId === null ? [] : [[r.simId, r.total] as const])));
}

export async function autoRefillMonthTotal(db: Pick<Tx, "select">, simId: number, at: Date): Promise<number> {
  return (await autoRefillMonthTotals(db, [simId], at)).get(simId) ?? 0;
}

export async function saveAutoRefill(viewer: Viewer, input: AutoRefillInput, at: Date): Promise<void> {
  const db = getDb();
  payerOf(viewer);
  const sim = await payableSimOrThrow(db, viewer, input.iccid);
  if (!input.enabled) return turnOff(db, viewer, sim, at);

  if (!Number.isInteger(input.thresholdMb) || input.thresholdMb < THRESHOLD_MB_MIN || input.thresholdMb > THRESHOLD_MB_MAX) {
    throw new AppError("invalid_input", `Set the threshold between ${THRESHOLD_MB_MIN} and ${THRESHOLD_MB_MAX.toLocaleString("en-US")} MB, in whole MB.`);
  }
  const [pack] = isUuid(input.packageId)
    ? await db
        .select()
        .from(planRefillPackages)
        .where(and(eq(planRefillPackages.id, input.packageId), eq(planRefillPackages.planId, sim.planId)))
    : [];
  if (!pack) throw new AppError("invalid_input", "Choose one of the plan's refill packages.");
  const { card } = await usableCardOrThrow(db, viewer, input.cardId);
  if (!Number.isSafeInteger(input.monthlyCapMinor) || input.monthlyCapMinor < pack.priceMinor) {
    throw new AppError("invalid_input", `Set a monthly limit of at least the package's price, ${formatMoney(pack.priceMinor, sim.currency)}, or auto-refill could never charge it.`);
  }

  const consentText = autoRefillConsent(packageLabel(pack, sim.currency), cardLabel(card), formatMoney(input.monthlyCapMinor, sim.currency));
  const settings = { enabled: true, thresholdBytes: input.thresholdMb * BYTES_PER_MB, packageId: pack.id, cardId: card.id, monthlyCapMinor: input.monthlyCapMinor };
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(autoRefills).where(eq(autoRefills.simId, sim.id)).for("update");
    // Saving re-arms (the SIM's next fall below the threshold, or its being below now, is a new
    // crossing) and lifts a pause: the payer has looked at the settings again.
    const fresh = { ...settings, consentText, consentAt: at, consentBy: viewer.userId, armed: true, pausedAt: null, pauseReason: null, updatedAt: at };
    if (before) await tx.update(autoRefills).set(fresh).where(eq(autoRefills.simId, sim.id));
    else await tx.insert(autoRefills).values({ simId: sim.id, ...fresh });
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "sim.auto_refill",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: before ? auditView(before) : null,
        after: { ...auditView(fresh), consentText },
      }),
    );
  });
}

function auditView(row: { enabled: boolean; thresholdBytes: number; packageId: string | null; cardId: string; monthlyCapMinor: number; pauseReason?: string | null }) {
  return { enabled: row.enabled, thresholdBytes: row.thresholdBytes, packageId: row.packageId, cardId: row.cardId, monthlyCapMinor: row.monthlyCapMinor, pauseReason: row.pauseReason ?? null };
}

async function turnOff(db: Db, viewer: Viewer, sim: { id: number; iccid: string; companyId: string | null }, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(autoRefills).where(eq(autoRefills.simId, sim.id)).for("update");
    if (!before?.enabled) return;
    // Off is off: a pause it was in no longer applies.
    await tx.update(autoRefills).set({ enabled: false, pausedAt: null, pauseReason: null, updatedAt: at }).where(eq(autoRefills.simId, sim.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, { action: "sim.auto_refill", targetType: "sim", targetId: sim.iccid, companyId: sim.companyId, before: auditView(before), after: { ...auditView(before), enabled: false } }),
    );
  });
}
