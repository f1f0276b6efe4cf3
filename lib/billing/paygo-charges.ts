import { sql } from "drizzle-orm";
import { pgArray, rowsOf } from "@/db/sql";
import type { Tx } from "@/lib/sims/sim-change";
import { type PaygoSim, type RatedUsage, rateUsage } from "./paygo-rating";
import { appendWalletEntries, ensureWallets, walletIdOf } from "./wallets";

// Rates PAYGO usage as it is ingested, inside the ingestion's transaction (operators/ingest.ts):
// the usage records were inserted in that same transaction, so each is charged exactly once.
// A PAYGO SIM without a company has no wallet to charge and is left out.
export async function chargePaygoUsage(tx: Tx, usage: readonly RatedUsage[]): Promise<number> {
  if (usage.length === 0) return 0;
  const sims = await paygoSims(tx, [...new Set(usage.map((u) => u.simId))]);
  const charges = rateUsage(usage, sims);
  if (charges.length === 0) return 0;
  const walletIds = await ensureWallets(tx, charges);
  return appendWalletEntries(
    tx,
    charges.flatMap((c) => {
      const walletId = walletIdOf(walletIds, c.companyId, c.currency);
      if (!walletId) return [];
      return [{ walletId, kind: "usage" as const, amountMicros: c.amountMicros, sourceKey: c.sourceKey, occurredAt: c.occurredAt, simId: c.simId, countryCode: c.countryCode, bytes: c.bytes, ratePerMbMicros: c.ratePerMbMicros }];
    }),
  );
}

async function paygoSims(tx: Tx, simIds: number[]): Promise<Map<number, PaygoSim>> {
  const rows = rowsOf(
    await tx.execute(sql`
      SELECT s.id, s.company_id, c.time_zone, p.currency, p.default_per_mb_micros,
        coalesce((SELECT json_object_agg(r.country_code, r.per_mb_micros) FROM plan_country_rates r WHERE r.plan_id = p.id), '{}') AS country_rates
      FROM sims s JOIN plans p ON p.id = s.plan_id JOIN companies c ON c.id = s.company_id
      WHERE s.id = ANY(${pgArray(simIds, "bigint")}) AND p.type = 'paygo'`),
  );
  return new Map(
    rows.map((r) => {
      const rates = (typeof r.country_rates === "string" ? JSON.parse(r.country_rates) : r.country_rates) as Record<string, number | string>;
      return [
        Number(r.id),
        {
          companyId: String(r.company_id),
          currency: String(r.currency),
          timeZone: String(r.time_zone),
          terms: { defaultPerMbMicros: Number(r.default_per_mb_micros), countryRates: new Map(Object.entries(rates).map(([code, micros]) => [code, Number(micros)])) },
        },
      ];
    }),
  );
}
