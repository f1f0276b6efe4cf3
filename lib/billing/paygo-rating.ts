import { billingPeriodOf } from "@/lib/billing/billing-period";
import { BYTES_PER_MB } from "@/lib/units";

// PAYGO rating: what a SIM's usage costs, as wallet entries. Pure: the ingestion (paygo-charges.ts)
// reads the facts and writes the entries.
//
// Rules, written once:
// - A usage record is priced at its plan's rate for the country of its visited network (from its
//   MCC-MNC), or at the plan's default rate when the plan has no rate for that country or the
//   operator did not say where the SIM was.
// - One wallet entry per SIM, country and billing month (the company's time zone) of each
//   ingested batch: its bytes are summed first, then priced once:
//   amount = bytes x rate per MB in micros / 1,000,000 bytes, in micros (millionths of a minor
//   unit), rounded ONCE per entry, half up. Worked example: 1,234,567 bytes at EUR 0.02/MB
//   (2 cents = 2,000,000 micros) = 2,469,134 micros = 2.469134 cents; 1 byte at EUR 0.0001/MB
//   (10,000 micros) = 0.01 micros -> 0 micros; 50 bytes at the same rate = 0.5 -> 1 micro.
// - A wallet's balance is the exact sum of its entries; a statement line (SIM x country x month)
//   is the exact sum of its entries. Money shown in whole minor units is rounded for display only.

export type PaygoTerms = { defaultPerMbMicros: number; countryRates: ReadonlyMap<string, number> };

export function ratePerMbMicros(terms: PaygoTerms, countryCode: string | null): number {
  return (countryCode === null ? undefined : terms.countryRates.get(countryCode)) ?? terms.defaultPerMbMicros;
}

export function usageChargeMicros(bytes: number, perMbMicros: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError("bytes must be a non-negative integer");
  if (!Number.isSafeInteger(perMbMicros) || perMbMicros < 0) throw new RangeError("a per-MB rate must be a non-negative integer");
  const perMb = BigInt(BYTES_PER_MB);
  return Number((BigInt(bytes) * BigInt(perMbMicros) * 2n + perMb) / (2n * perMb));
}

export type RatedUsage = { simId: number; sourceKey: string; startedAt: Date; bytes: number; countryCode: string | null };
export type PaygoSim = { companyId: string; currency: string; timeZone: string; terms: PaygoTerms };

export type UsageCharge = {
  simId: number;
  companyId: string;
  currency: string;
  countryCode: string | null;
  bytes: number;
  ratePerMbMicros: number;
  amountMicros: number;
  // Keyed by the group's smallest record key: that record is new in this batch and in no other,
  // so the charge is written exactly once however often the batch is replayed.
  sourceKey: string;
  occurredAt: Date;
};

// Usage of SIMs that are not in `sims` (not PAYGO, or without a company to charge) is left out.
export function rateUsage(usage: readonly RatedUsage[], sims: ReadonlyMap<number, PaygoSim>): UsageCharge[] {
  const groups = new Map<string, UsageCharge>();
  for (const row of usage) {
    const sim = sims.get(row.simId);
    if (!sim) continue;
    const period = billingPeriodOf(row.startedAt, sim.timeZone).start;
    const key = `${row.simId}|${row.countryCode ?? ""}|${period}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        simId: row.simId,
        companyId: sim.companyId,
        currency: sim.currency,
        countryCode: row.countryCode,
        bytes: row.bytes,
        ratePerMbMicros: ratePerMbMicros(sim.terms, row.countryCode),
        amountMicros: 0,
        sourceKey: `paygo:${row.sourceKey}`,
        occurredAt: row.startedAt,
      });
      continue;
    }
    group.bytes += row.bytes;
    if (`paygo:${row.sourceKey}` < group.sourceKey) group.sourceKey = `paygo:${row.sourceKey}`;
    if (row.startedAt > group.occurredAt) group.occurredAt = row.startedAt;
  }
  const charges = [...groups.values()];
  for (const charge of charges) charge.amountMicros = -usageChargeMicros(charge.bytes, charge.ratePerMbMicros);
  return charges;
}
