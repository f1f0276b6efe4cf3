import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { pgArray, rowsOf } from "@/db/sql";
import { countryForMccMnc } from "@/lib/sims/countries";
import type { UsageReport } from "./types";
import { countUsageGrowth, type CounterRow } from "./usage-counters";

// The usage half of a batch's ingestion (operators/ingest.ts): records, cumulative counters and
// the prepaid debit, all inside the batch's transaction.

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type UsageRow = { simId: number; sourceKey: string; startedAt: Date; bytes: number; mccMnc: string | null };

// Discrete records keep the operator's id; cumulative totals become the growth since the last
// total seen, keyed by that step (previous total -> this total) so a replay is a no-op.
export async function usageRows(tx: Tx, operatorId: string, byIccid: ReadonlyMap<string, { id: number }>, reports: readonly UsageReport[]) {
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
      SELECT sim_id, cycle_start::text AS cycle_start, total_bytes, observed_at FROM operator_usage_counters
      WHERE sim_id = ANY(${pgArray(simIds, "bigint")}) ORDER BY sim_id FOR UPDATE`),
  );
  const previous = new Map<number, CounterRow>(
    stored.map((r) => [
      Number(r.sim_id),
      { cycleStart: String(r.cycle_start), totalBytes: Number(r.total_bytes), observedAt: r.observed_at === null ? null : new Date(r.observed_at as string | Date) },
    ]),
  );
  const next: { simId: number; counter: CounterRow }[] = [];
  totals.forEach((total, i) => {
    const simId = simIds[i] ?? 0;
    const before = previous.get(simId)?.totalBytes ?? 0;
    const growth = countUsageGrowth(previous.get(simId), total);
    if (!growth) return;
    previous.set(simId, growth.counter);
    next.push({ simId, counter: growth.counter });
    if (growth.bytes > 0) {
      rows.push({
        simId,
        sourceKey: `${operatorId}:ctd:${total.iccid}:${total.cycleStart}:${before}-${total.totalBytes}`,
        startedAt: total.observedAt,
        bytes: growth.bytes,
        mccMnc: total.mccMnc,
      });
    }
  });
  if (next.length > 0) {
    await tx.execute(sql`
      INSERT INTO operator_usage_counters (sim_id, cycle_start, total_bytes, observed_at)
      SELECT * FROM unnest(${pgArray(next.map((n) => n.simId), "bigint")}, ${pgArray(next.map((n) => n.counter.cycleStart), "date")},
        ${pgArray(next.map((n) => n.counter.totalBytes), "bigint")},
        ${pgArray(next.map((n) => n.counter.observedAt?.toISOString() ?? null), "timestamptz")})
      ON CONFLICT (sim_id) DO UPDATE SET cycle_start = excluded.cycle_start, total_bytes = excluded.total_bytes, observed_at = excluded.observed_at`);
  }
  return rows;
}

// The ISO 3166 country of the visited network; null when the operator did not say or the MCC is unknown.
export function usageCountry(row: Pick<UsageRow, "mccMnc">): string | null {
  return row.mccMnc === null ? null : (countryForMccMnc(row.mccMnc)?.code ?? null);
}

export async function insertUsage(tx: Tx, rows: readonly UsageRow[]): Promise<UsageRow[]> {
  if (rows.length === 0) return [];
  // Sorted, so that two runs inserting the same keys wait on each other instead of deadlocking.
  const sorted = [...rows].sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0));
  const result = await tx.execute(sql`
    INSERT INTO usage_records (sim_id, source_key, started_at, bytes, mcc_mnc, country_code)
    SELECT * FROM unnest(
      ${pgArray(sorted.map((r) => r.simId), "bigint")}, ${pgArray(sorted.map((r) => r.sourceKey), "text")},
      ${pgArray(sorted.map((r) => r.startedAt.toISOString()), "timestamptz")}, ${pgArray(sorted.map((r) => r.bytes), "bigint")},
      ${pgArray(sorted.map((r) => r.mccMnc), "text")},
      ${pgArray(sorted.map(usageCountry), "text")})
    ON CONFLICT (source_key) DO NOTHING
    RETURNING source_key`);
  const fresh = new Set(rowsOf(result).map((r) => String(r.source_key)));
  return sorted.filter((r) => fresh.has(r.sourceKey));
}

// The new usage of a prepaid SIM in this batch debits its allowance once. The usage records were
// inserted in this same transaction, so the debit is exactly once too; it is keyed by the
// batch's first new record of that SIM, which no other batch can ever insert.
export async function debitPrepaid(tx: Tx, inserted: readonly UsageRow[], prepaid: ReadonlySet<number>): Promise<void> {
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
