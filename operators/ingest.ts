import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { pgArray, rowsOf } from "@/db/sql";
import { monthStart } from "@/lib/sims/sim-view";
import { chargePaygoUsage } from "@/lib/billing/paygo-charges";
import { debitPrepaid, insertUsage, type Tx, type UsageRow, usageCountry, usageRows } from "./ingest-usage";
import { statusAfterObservation, type Observation, type PortalReason, type PortalStatus } from "./sync-status";
import type { ReadResult } from "./types";

// Applies one batch of an operator's answer to the database in one transaction: usage records
// (idempotent by source key), this month's usage, the prepaid allowance and the PAYGO wallet for
// the records that were really new, the line (MSISDN/IMSI), the session and the status. The
// batch's SIM rows are locked first, in id order, so overlapping runs serialize on them instead
// of double counting.

export type BatchCounts = { statusChanges: number; usageRecords: number; usageBytes: number; simFailures: number };

type LockedSim = {
  id: number;
  iccid: string;
  status: PortalStatus;
  statusReason: PortalReason | null;
  statusDetail: string | null;
  simType: string | null;
  msisdn: string | null;
  imsi: string | null;
  inSession: boolean | null;
  dataLeftBytes: number | null;
  monthUsageBytes: number;
  monthUsagePeriod: string | null;
  lastUsageAt: Date | null;
  // An operation at the operator owns the status until it ends (lib/sims/operations-job.ts).
  operating: boolean;
};

export async function ingestBatch(
  db: Db,
  input: { operatorId: string; simIds: readonly number[]; result: ReadResult; sessionCapable: boolean; now: Date },
): Promise<BatchCounts> {
  return db.transaction(async (tx) => {
    // Shares the operator's row lock with a staff settings change (which takes the operator, then
    // its SIMs): a batch never writes over an integration that was removed meanwhile.
    const [operator] = rowsOf(await tx.execute(sql`SELECT driver FROM operators WHERE id = ${input.operatorId} FOR SHARE`));
    if (!operator || operator.driver === "none") return { statusChanges: 0, usageRecords: 0, usageBytes: 0, simFailures: 0 };
    const sims = await lockSims(tx, input.operatorId, input.simIds);
    const byIccid = new Map(sims.map((s) => [s.iccid, s]));
    const usage = await usageRows(tx, input.operatorId, byIccid, input.result.usage);
    const inserted = await insertUsage(tx, usage);
    const plan = planUpdates(sims, input, inserted);
    await writeSims(tx, plan.rows, input.now);
    await writeHistory(tx, plan.history, input.now);
    await debitPrepaid(tx, inserted, new Set(sims.filter((s) => s.simType === "prepaid").map((s) => s.id)));
    const paygo = new Set(sims.filter((s) => s.simType === "paygo").map((s) => s.id));
    await chargePaygoUsage(tx, inserted.filter((r) => paygo.has(r.simId)).map((r) => ({ ...r, countryCode: usageCountry(r) })));
    return {
      statusChanges: plan.history.length,
      usageRecords: inserted.length,
      usageBytes: inserted.reduce((sum, r) => sum + r.bytes, 0),
      simFailures: input.result.failures.filter((f) => byIccid.has(f.iccid)).length,
    };
  });
}

// A SIM moved to another operator since the batch was listed is left out.
async function lockSims(tx: Tx, operatorId: string, ids: readonly number[]): Promise<LockedSim[]> {
  const result = await tx.execute(sql`
    SELECT id, iccid, status, status_reason, status_detail, sim_type, msisdn, imsi, in_session, data_left_bytes,
      month_usage_bytes, month_usage_period::text AS month_usage_period, last_usage_at,
      EXISTS (SELECT 1 FROM sim_operations o WHERE o.sim_id = sims.id AND o.state IN ('queued', 'requested')) AS operating
    FROM sims WHERE id = ANY(${pgArray([...ids], "bigint")}) AND operator_id = ${operatorId}
    ORDER BY id FOR UPDATE`);
  return rowsOf(result).map((r) => ({
    id: Number(r.id),
    iccid: String(r.iccid),
    status: r.status as PortalStatus,
    statusReason: (r.status_reason ?? null) as PortalReason | null,
    statusDetail: (r.status_detail ?? null) as string | null,
    simType: (r.sim_type ?? null) as string | null,
    msisdn: (r.msisdn ?? null) as string | null,
    imsi: (r.imsi ?? null) as string | null,
    inSession: (r.in_session ?? null) as boolean | null,
    dataLeftBytes: r.data_left_bytes === null ? null : Number(r.data_left_bytes),
    monthUsageBytes: Number(r.month_usage_bytes),
    monthUsagePeriod: (r.month_usage_period ?? null) as string | null,
    operating: r.operating === true,
    lastUsageAt: r.last_usage_at === null ? null : r.last_usage_at instanceof Date ? r.last_usage_at : new Date(String(r.last_usage_at)),
  }));
}

type SimRowUpdate = Pick<LockedSim, "id" | "status" | "statusReason" | "statusDetail" | "msisdn" | "imsi" | "inSession" | "dataLeftBytes" | "monthUsageBytes" | "monthUsagePeriod" | "lastUsageAt"> & { statusChanged: boolean };
type HistoryRow = { simId: number; from: PortalStatus; to: PortalStatus; detail: string };

function planUpdates(
  sims: readonly LockedSim[],
  input: { result: ReadResult; sessionCapable: boolean; now: Date },
  inserted: readonly UsageRow[],
): { rows: SimRowUpdate[]; history: HistoryRow[] } {
  const month = monthStart(input.now);
  const observations = new Map<string, Observation>();
  for (const report of input.result.reports) observations.set(report.iccid, { kind: "report", report });
  for (const failure of input.result.failures) observations.set(failure.iccid, { kind: "failure", failure });
  const used = new Map<number, { bytes: number; byMonth: Map<string, number>; lastAt: Date }>();
  for (const row of inserted) {
    const acc = used.get(row.simId) ?? { bytes: 0, byMonth: new Map<string, number>(), lastAt: row.startedAt };
    acc.bytes += row.bytes;
    const period = monthStart(row.startedAt);
    acc.byMonth.set(period, (acc.byMonth.get(period) ?? 0) + row.bytes);
    if (row.startedAt > acc.lastAt) acc.lastAt = row.startedAt;
    used.set(row.simId, acc);
  }

  const rows: SimRowUpdate[] = [];
  const history: HistoryRow[] = [];
  for (const sim of sims) {
    const observation = observations.get(sim.iccid);
    const usage = used.get(sim.id);
    const next: SimRowUpdate = { ...sim, statusChanged: false };
    // A new month starts at zero; a run that started before midnight never moves it back.
    if (next.monthUsagePeriod === null || next.monthUsagePeriod < month) {
      next.monthUsageBytes = 0;
      next.monthUsagePeriod = month;
    }
    if (usage) {
      // Each record counts in its own month: only this month's add to "this month".
      next.monthUsageBytes += usage.byMonth.get(next.monthUsagePeriod) ?? 0;
      next.lastUsageAt = sim.lastUsageAt && sim.lastUsageAt > usage.lastAt ? sim.lastUsageAt : usage.lastAt;
      if (sim.simType === "prepaid") next.dataLeftBytes = Math.max(0, (sim.dataLeftBytes ?? 0) - usage.bytes);
    }
    if (observation?.kind === "report") {
      next.msisdn = observation.report.msisdn;
      next.imsi = observation.report.imsi ?? sim.imsi;
      next.inSession = input.sessionCapable ? observation.report.inSession : null;
    } else if (observation?.kind === "failure") {
      next.inSession = null;
    }
    let change = observation && !sim.operating
      ? statusAfterObservation({ status: sim.status, statusReason: sim.statusReason, statusDetail: sim.statusDetail, hasUsage: next.lastUsageAt !== null }, observation)
      : null;
    // The first usage of an Activation ready SIM makes it Active (billing starts at first usage).
    const status = change?.status ?? sim.status;
    if (usage && status === "activation_ready" && !sim.operating) change = { status: "active", detail: "First data usage" };
    if (change) {
      Object.assign(next, { status: change.status, statusReason: "operator", statusDetail: change.detail, statusChanged: true });
      if (change.status !== sim.status) history.push({ simId: sim.id, from: sim.status, to: change.status, detail: change.detail });
    }
    if (changed(sim, next)) rows.push(next);
  }
  return { rows, history };
}

const COMPARED = ["status", "statusReason", "statusDetail", "msisdn", "imsi", "inSession", "dataLeftBytes", "monthUsageBytes", "monthUsagePeriod"] as const;

// A SIM the operator reports unchanged is not rewritten: most of a fleet, most of the time.
function changed(before: LockedSim, after: SimRowUpdate): boolean {
  return COMPARED.some((k) => before[k] !== after[k]) || before.lastUsageAt?.getTime() !== after.lastUsageAt?.getTime();
}

async function writeSims(tx: Tx, rows: readonly SimRowUpdate[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <T extends string | number | boolean | null>(pick: (r: SimRowUpdate) => T, type: string) => pgArray(rows.map(pick), type);
  await tx.execute(sql`
    UPDATE sims s SET
      status = v.status, status_reason = v.status_reason, status_detail = v.status_detail,
      status_changed_at = CASE WHEN v.status_changed THEN ${now.toISOString()}::timestamptz ELSE s.status_changed_at END,
      msisdn = v.msisdn, imsi = v.imsi, in_session = v.in_session,
      session_updated_at = CASE WHEN s.in_session IS DISTINCT FROM v.in_session THEN ${now.toISOString()}::timestamptz ELSE s.session_updated_at END,
      data_left_bytes = v.data_left_bytes, month_usage_bytes = v.month_usage_bytes, month_usage_period = v.month_usage_period,
      last_usage_at = v.last_usage_at, updated_at = ${now.toISOString()}::timestamptz
    FROM unnest(
      ${col((r) => r.id, "bigint")}, ${col((r) => r.status, "sim_status")}, ${col((r) => r.statusReason, "status_reason")},
      ${col((r) => r.statusDetail, "text")}, ${col((r) => r.statusChanged, "boolean")}, ${col((r) => r.msisdn, "text")},
      ${col((r) => r.imsi, "text")}, ${col((r) => r.inSession, "boolean")},
      ${col((r) => r.dataLeftBytes, "bigint")}, ${col((r) => r.monthUsageBytes, "bigint")}, ${col((r) => r.monthUsagePeriod, "date")},
      ${col((r) => r.lastUsageAt?.toISOString() ?? null, "timestamptz")}
    ) AS v(id, status, status_reason, status_detail, status_changed, msisdn, imsi, in_session, data_left_bytes,
      month_usage_bytes, month_usage_period, last_usage_at)
    WHERE s.id = v.id`);
}

async function writeHistory(tx: Tx, rows: readonly HistoryRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO sim_status_history (sim_id, from_status, to_status, reason, detail, actor_kind, created_at)
    SELECT id, from_status, to_status, 'operator', detail, 'operator', ${now.toISOString()}::timestamptz
    FROM unnest(${pgArray(rows.map((r) => r.simId), "bigint")}, ${pgArray(rows.map((r) => r.from), "sim_status")},
      ${pgArray(rows.map((r) => r.to), "sim_status")}, ${pgArray(rows.map((r) => r.detail), "text")}) AS v(id, from_status, to_status, detail)`);
}

