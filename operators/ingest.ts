import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { pgArray, rowsOf } from "@/db/seed/batch";
import { utcMonth } from "@/db/seed/clock";
import { countryForMccMnc } from "@/lib/sims/countries";
import { countUsageGrowth, type CounterRow } from "./usage-counters";
import { statusAfterObservation, type Observation, type PortalReason, type PortalStatus } from "./sync-status";
import type { ReadResult, UsageReport } from "./types";

// Applies one batch of an operator's answer to the database in one transaction: usage records
// (idempotent by source key), this month's usage and the prepaid allowance for the records that
// were really new, the line (MSISDN/IMSI), the session and the status. The batch's SIM rows are
// locked first, in id order, so overlapping runs serialize on them instead of double counting.

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
};

type UsageRow = { simId: number; sourceKey: string; startedAt: Date; bytes: number; mccMnc: string | null };

export async function ingestBatch(
  db: Db,
  input: { operatorId: string; simIds: readonly number[]; result: ReadResult; sessionCapable: boolean; now: Date },
): Promise<BatchCounts> {
  return db.transaction(async (tx) => {
    const sims = await lockSims(tx, input.simIds);
    const byIccid = new Map(sims.map((s) => [s.iccid, s]));
    const usage = await usageRows(tx, input.operatorId, byIccid, input.result.usage);
    const inserted = await insertUsage(tx, usage);
    const plan = planUpdates(sims, input, inserted);
    await writeSims(tx, plan.rows, input.now);
    await writeHistory(tx, plan.history, input.now);
    await debitPrepaid(tx, inserted, new Set(sims.filter((s) => s.simType === "prepaid").map((s) => s.id)));
    return {
      statusChanges: plan.history.length,
      usageRecords: inserted.length,
      usageBytes: inserted.reduce((sum, r) => sum + r.bytes, 0),
      simFailures: input.result.failures.filter((f) => byIccid.has(f.iccid)).length,
    };
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function lockSims(tx: Tx, ids: readonly number[]): Promise<LockedSim[]> {
  const result = await tx.execute(sql`
    SELECT s.id, s.iccid, s.status, s.status_reason, s.status_detail, s.sim_type, s.msisdn, s.imsi, s.in_session, s.data_left_bytes,
      s.month_usage_bytes, s.month_usage_period::text AS month_usage_period, s.last_usage_at
    FROM sims s JOIN operators o ON o.id = s.operator_id
    -- An operator whose integration was removed during the run keeps its SIMs "Not available".
    WHERE s.id = ANY(${pgArray([...ids], "bigint")}) AND o.driver <> 'none'
    ORDER BY s.id FOR UPDATE OF s`);
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
    lastUsageAt: r.last_usage_at === null ? null : new Date(String(r.last_usage_at)),
  }));
}

// Discrete records keep the operator's id; cumulative totals become the growth since the last
// total seen, keyed by the total itself so a replay of the same reading is a no-op.
async function usageRows(tx: Tx, operatorId: string, byIccid: Map<string, LockedSim>, reports: readonly UsageReport[]) {
  const rows: UsageRow[] = [];
  const totals: Extract<UsageReport, { kind: "cycleTotal" }>[] = [];
  for (const report of reports) {
    const sim = byIccid.get(report.iccid);
    if (!sim) continue;
    if (report.kind === "cycleTotal") totals.push(report);
    else rows.push({ simId: sim.id, sourceKey: `${operatorId}:${report.recordId}`, startedAt: report.startedAt, bytes: report.bytes, mccMnc: report.mccMnc });
  }
  if (totals.length === 0) return rows;
  const simIds = totals.map((t) => byIccid.get(t.iccid)?.id ?? 0);
  const stored = rowsOf(
    await tx.execute(sql`
      SELECT sim_id, cycle_start::text AS cycle_start, total_bytes FROM operator_usage_counters
      WHERE sim_id = ANY(${pgArray(simIds, "bigint")}) ORDER BY sim_id FOR UPDATE`),
  );
  const previous = new Map<number, CounterRow>(stored.map((r) => [Number(r.sim_id), { cycleStart: String(r.cycle_start), totalBytes: Number(r.total_bytes) }]));
  const next: { simId: number; counter: CounterRow }[] = [];
  totals.forEach((total, i) => {
    const simId = simIds[i] ?? 0;
    const growth = countUsageGrowth(previous.get(simId), total);
    if (!growth) return;
    previous.set(simId, growth.counter);
    next.push({ simId, counter: growth.counter });
    if (growth.bytes > 0) {
      rows.push({
        simId,
        sourceKey: `${operatorId}:ctd:${total.iccid}:${total.cycleStart}:${total.totalBytes}`,
        startedAt: total.observedAt,
        bytes: growth.bytes,
        mccMnc: total.mccMnc,
      });
    }
  });
  if (next.length > 0) {
    await tx.execute(sql`
      INSERT INTO operator_usage_counters (sim_id, cycle_start, total_bytes)
      SELECT * FROM unnest(${pgArray(next.map((n) => n.simId), "bigint")}, ${pgArray(next.map((n) => n.counter.cycleStart), "date")},
        ${pgArray(next.map((n) => n.counter.totalBytes), "bigint")})
      ON CONFLICT (sim_id) DO UPDATE SET cycle_start = excluded.cycle_start, total_bytes = excluded.total_bytes`);
  }
  return rows;
}

async function insertUsage(tx: Tx, rows: readonly UsageRow[]): Promise<UsageRow[]> {
  if (rows.length === 0) return [];
  // Sorted, so that two runs inserting the same keys wait on each other instead of deadlocking.
  const sorted = [...rows].sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0));
  const result = await tx.execute(sql`
    INSERT INTO usage_records (sim_id, source_key, started_at, bytes, mcc_mnc, country_code)
    SELECT * FROM unnest(
      ${pgArray(sorted.map((r) => r.simId), "bigint")}, ${pgArray(sorted.map((r) => r.sourceKey), "text")},
      ${pgArray(sorted.map((r) => r.startedAt.toISOString()), "timestamptz")}, ${pgArray(sorted.map((r) => r.bytes), "bigint")},
      ${pgArray(sorted.map((r) => r.mccMnc), "text")},
      ${pgArray(sorted.map((r) => (r.mccMnc === null ? null : (countryForMccMnc(r.mccMnc)?.code ?? null))), "text")})
    ON CONFLICT (source_key) DO NOTHING
    RETURNING source_key`);
  const fresh = new Set(rowsOf(result).map((r) => String(r.source_key)));
  return sorted.filter((r) => fresh.has(r.sourceKey));
}

type SimRowUpdate = Pick<LockedSim, "id" | "status" | "statusReason" | "statusDetail" | "msisdn" | "imsi" | "inSession" | "dataLeftBytes" | "monthUsageBytes" | "monthUsagePeriod" | "lastUsageAt"> & { statusChanged: boolean };
type HistoryRow = { simId: number; from: PortalStatus; to: PortalStatus; detail: string };

function planUpdates(
  sims: readonly LockedSim[],
  input: { result: ReadResult; sessionCapable: boolean; now: Date },
  inserted: readonly UsageRow[],
): { rows: SimRowUpdate[]; history: HistoryRow[] } {
  const month = utcMonth(input.now);
  const observations = new Map<string, Observation>();
  for (const report of input.result.reports) observations.set(report.iccid, { kind: "report", report });
  for (const failure of input.result.failures) observations.set(failure.iccid, { kind: "failure", failure });
  const used = new Map<number, { bytes: number; monthBytes: number; lastAt: Date }>();
  for (const row of inserted) {
    const acc = used.get(row.simId) ?? { bytes: 0, monthBytes: 0, lastAt: row.startedAt };
    acc.bytes += row.bytes;
    if (row.startedAt >= month.start && row.startedAt < month.end) acc.monthBytes += row.bytes;
    if (row.startedAt > acc.lastAt) acc.lastAt = row.startedAt;
    used.set(row.simId, acc);
  }

  const rows: SimRowUpdate[] = [];
  const history: HistoryRow[] = [];
  for (const sim of sims) {
    const observation = observations.get(sim.iccid);
    const usage = used.get(sim.id);
    const next: SimRowUpdate = { ...sim, statusChanged: false };
    if (next.monthUsagePeriod !== month.period) {
      next.monthUsageBytes = 0;
      next.monthUsagePeriod = month.period;
    }
    if (usage) {
      next.monthUsageBytes += usage.monthBytes;
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
    let change = observation
      ? statusAfterObservation({ status: sim.status, statusReason: sim.statusReason, statusDetail: sim.statusDetail, hasUsage: next.lastUsageAt !== null }, observation)
      : null;
    // The first usage of an Activation ready SIM makes it Active (billing starts at first usage).
    const status = change?.status ?? sim.status;
    if (usage && status === "activation_ready") change = { status: "active", detail: "First data usage" };
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

// The new usage of a prepaid SIM in this batch debits its allowance once. The usage records were
// inserted in this same transaction, so the debit is exactly once too; it is keyed by the
// batch's first new record of that SIM, which no other batch can ever insert.
async function debitPrepaid(tx: Tx, inserted: readonly UsageRow[], prepaid: ReadonlySet<number>): Promise<void> {
  const bySim = new Map<number, { bytes: number; key: string; at: Date }>();
  for (const row of inserted) {
    if (!prepaid.has(row.simId)) continue;
    const acc = bySim.get(row.simId);
    if (!acc) bySim.set(row.simId, { bytes: row.bytes, key: row.sourceKey, at: row.startedAt });
    else {
      acc.bytes += row.bytes;
      if (row.sourceKey < acc.key) acc.key = row.sourceKey;
      if (row.startedAt > acc.at) acc.at = row.startedAt;
    }
  }
  if (bySim.size === 0) return;
  const debits = [...bySim.entries()];
  await tx.execute(sql`
    INSERT INTO allowance_ledger (sim_id, kind, bytes, source_key, created_at)
    SELECT id, 'debit', bytes, 'usage:' || key, at
    FROM unnest(${pgArray(debits.map(([id]) => id), "bigint")}, ${pgArray(debits.map(([, d]) => d.bytes), "bigint")},
      ${pgArray(debits.map(([, d]) => d.key), "text")}, ${pgArray(debits.map(([, d]) => d.at.toISOString()), "timestamptz")})
      AS v(id, bytes, key, at)
    ON CONFLICT (source_key) DO NOTHING`);
}
