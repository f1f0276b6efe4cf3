import { BYTES_PER_MB } from "@/lib/units";

// What a subscription SIM costs for one billing month, as invoice lines. Pure: the job
// (invoices.ts) reads the facts, this turns them into money.
//
// Rules, written once:
// - A SIM is billed for a month when, at issue time, it is on a subscription plan of the company
//   and its billing has started (it has had usage before the month ended: "billing starts at
//   first usage"). It pays the plan's full monthly fee, whatever day it got the plan: no
//   pro-rating, the plan it has when the month is invoiced is the plan it pays for.
// - Usage beyond the included data is priced per MB (1 MB = 1,000,000 bytes) at the plan's rate in
//   micros (millionths of a minor unit). Amount = billable bytes x micros / 10^12 minor units,
//   computed exactly in integers and rounded ONCE per line, half up, to the minor unit.
//   Worked example: 250 MB included, 1,234,567,890 bytes used, EUR 0.01/MB (1 cent = 1,000,000
//   micros): 984,567,890 bytes beyond = 984.56789 MB; x 1,000,000 / 10^12 = 984.56789 cents -> 985.
//   At EUR 0.0001/MB (10,000 micros) the same bytes are 9.8456789 cents -> 10 cents.
// - An overage line appears whenever any byte is beyond the included data, even if it rounds to 0.
// - The invoice total is the sum of its line amounts (no further rounding).

const MICROS_PER_MINOR = 1_000_000n;
const BYTE_MICROS_PER_MINOR = BigInt(BYTES_PER_MB) * MICROS_PER_MINOR;

export type SubscriptionSimFacts = {
  simId: number;
  iccid: string;
  planId: string;
  planName: string;
  currency: string;
  monthlyFeeMinor: number;
  includedBytes: number;
  overagePerMbMicros: number;
  // The SIM's usage in the billing month (bytes).
  usageBytes: number;
};

export type InvoiceLineDraft = {
  simId: number;
  iccid: string;
  planId: string;
  planName: string;
  kind: "monthly_fee" | "overage";
  description: string;
  usageBytes: number;
  includedBytes: number;
  billableBytes: number | null;
  ratePerMbMicros: number | null;
  amountMinor: number;
};

export type InvoiceDraft = { currency: string; lines: InvoiceLineDraft[]; totalMinor: number };

// Half up: the exact amount in "byte-micros" divided by 10^12, rounded to the nearest minor unit,
// halves away from zero (amounts here are never negative).
export function overageAmountMinor(billableBytes: number, perMbMicros: number): number {
  if (!Number.isSafeInteger(billableBytes) || billableBytes < 0) throw new RangeError("billable bytes must be a non-negative integer");
  if (!Number.isSafeInteger(perMbMicros) || perMbMicros < 0) throw new RangeError("a per-MB rate must be a non-negative integer");
  const exact = BigInt(billableBytes) * BigInt(perMbMicros);
  return Number((exact * 2n + BYTE_MICROS_PER_MINOR) / (2n * BYTE_MICROS_PER_MINOR));
}

// "250 MB", "1,234.56789 MB": exact, for an invoice a customer checks against their own figures.
export function formatExactMb(bytes: number): string {
  const whole = Math.floor(bytes / BYTES_PER_MB);
  const fraction = String(bytes % BYTES_PER_MB)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""} MB`;
}

export function linesForSim(sim: SubscriptionSimFacts): InvoiceLineDraft[] {
  const base = { simId: sim.simId, iccid: sim.iccid, planId: sim.planId, planName: sim.planName, usageBytes: sim.usageBytes, includedBytes: sim.includedBytes };
  const lines: InvoiceLineDraft[] = [
    {
      ...base,
      kind: "monthly_fee",
      description: `Monthly fee, ${formatExactMb(sim.includedBytes)} included`,
      billableBytes: null,
      ratePerMbMicros: null,
      amountMinor: sim.monthlyFeeMinor,
    },
  ];
  const beyond = Math.max(0, sim.usageBytes - sim.includedBytes);
  if (beyond > 0) {
    lines.push({
      ...base,
      kind: "overage",
      description: `Data beyond the included ${formatExactMb(sim.includedBytes)}: ${formatExactMb(beyond)}`,
      billableBytes: beyond,
      ratePerMbMicros: sim.overagePerMbMicros,
      amountMinor: overageAmountMinor(beyond, sim.overagePerMbMicros),
    });
  }
  return lines;
}

// One draft per currency (a company's SIMs may be on plans in several), lines in ICCID order.
export function draftInvoices(sims: readonly SubscriptionSimFacts[]): InvoiceDraft[] {
  const byCurrency = new Map<string, InvoiceLineDraft[]>();
  const ordered = [...sims].sort((a, b) => (a.iccid < b.iccid ? -1 : a.iccid > b.iccid ? 1 : 0));
  for (const sim of ordered) {
    const lines = byCurrency.get(sim.currency) ?? [];
    lines.push(...linesForSim(sim));
    byCurrency.set(sim.currency, lines);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, lines]) => ({ currency, lines, totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0) }));
}
