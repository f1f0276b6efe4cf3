import { and, eq, inArray } from "drizzle-orm";
import { companies, planCountryRates, plans, sims } from "@/db/schema";
import type { Tx } from "@/lib/sims/sim-change";
import { type PaygoSim, type PaygoTerms, type RatedUsage, rateUsage } from "./paygo-rating";
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

// The PAYGO SIMs among these, with their company and plan terms; each plan's country rates are
// read once however many of its SIMs the batch holds.
async function paygoSims(tx: Tx, simIds: number[]): Promise<Map<number, PaygoSim>> {
  const rows = await tx
    .select({ id: sims.id, companyId: companies.id, timeZone: companies.timeZone, planId: plans.id, currency: plans.currency, defaultPerMbMicros: plans.defaultPerMbMicros })
    .from(sims)
    .innerJoin(plans, eq(plans.id, sims.planId))
    .innerJoin(companies, eq(companies.id, sims.companyId))
    .where(and(inArray(sims.id, simIds), eq(plans.type, "paygo")));
  const planIds = [...new Set(rows.map((r) => r.planId))];
  const rates = planIds.length === 0 ? [] : await tx.select().from(planCountryRates).where(inArray(planCountryRates.planId, planIds));
  const terms = new Map<string, PaygoTerms>();
  for (const row of rows) {
    if (terms.has(row.planId)) continue;
    const countryRates = new Map(rates.filter((r) => r.planId === row.planId).map((r) => [r.countryCode, r.perMbMicros]));
    // The schema's check makes a PAYGO plan's default rate present.
    terms.set(row.planId, { defaultPerMbMicros: row.defaultPerMbMicros ?? 0, countryRates });
  }
  return new Map(
    rows.flatMap((r) => {
      const planTerms = terms.get(r.planId);
      return planTerms ? [[r.id, { companyId: r.companyId, currency: r.currency, timeZone: r.timeZone, terms: planTerms }] as const] : [];
    }),
  );
}
