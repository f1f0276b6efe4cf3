import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { auditLog, walletEntries, wallets } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { issueInvoices } from "@/lib/billing/invoices";
import { chargePaygoUsage } from "@/lib/billing/paygo-charges";
import { type RatedUsage } from "@/lib/billing/paygo-rating";
import { MICROS_PER_MINOR } from "@/lib/money";
import { appendWalletEntries } from "@/lib/billing/wallets";
import type { Tx } from "@/lib/sims/sim-change";
import { HOUR_MS, dayStartMs, isoDay } from "./clock";
import type { LivedSim } from "./demo-history";
import type { Ids } from "./demo-write";

// The money side of the demo, written through the code that does it in the portal: the PAYGO
// SIMs' usage is charged to their company's wallet by the ingestion's rating (one batch per UTC
// day, as a daily usage feed would arrive), staff record one bank transfer per wallet before it,
// and the invoice job issues last month's subscription invoices at the seed clock. Every write
// is keyed (usage charges by their records, top-ups by a fixed key, invoices by company and
// month), so a rerun adds nothing.

const STAFF = "staff@example.com";
// Minimum balances in minor units; negative is a credit line. Other wallets stay at zero.
const MINIMUMS: Record<string, number> = { "Acme:EUR": -5_000 };
// Wallets are opened, and topped up, before the demo's 90 days of history start.
const OPENED_DAY = -91;
const TOP_UP_DAY = -90;
// A top-up covers the history's charges with room to spare, in round amounts.
const TOP_UP_STEP_MINOR = 5_000;

export type BillingSeedSummary = { wallets: number; charges: number; topUps: number; invoices: number };

type WalletRow = { id: string; company: string; companyId: string; currency: string };

function need<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed: ${what} ${String(key)} is missing`);
  return value;
}

/** PAYGO wallets with their charges and a top-up, and last month's invoices; idempotent. Runs in the seed's transaction. */
export async function writeBilling(tx: Tx, lived: LivedSim[], simIds: Map<string, number>, ids: Ids, clock: Date, log: (line: string) => void): Promise<BillingSeedSummary> {
  const paygo = lived.filter((s) => s.plan?.type === "paygo" && s.company !== null && s.activity !== null);
  const demoWallets = await openWallets(tx, paygo, ids, clock);
  const charges = await chargeUsage(tx, paygo, simIds);
  const staffId = need(ids.users, STAFF, "user");
  let topUps = 0;
  for (const wallet of demoWallets) topUps += await topUp(tx, wallet, staffId, clock);
  const issued = await issueInvoices({ db: tx, now: () => clock });
  log(`billing: ${demoWallets.length} wallets, ${charges} usage charges and ${topUps} top-ups added, ${issued.issued} invoices issued`);
  return { wallets: demoWallets.length, charges, topUps, invoices: issued.issued };
}

// One wallet per company and currency of its PAYGO SIMs; a wallet opened here is audited as
// staff opening it.
async function openWallets(tx: Tx, paygo: LivedSim[], ids: Ids, clock: Date): Promise<WalletRow[]> {
  const pairs = new Map<string, { company: string; currency: string }>();
  for (const sim of paygo) {
    if (sim.company === null) continue;
    pairs.set(`${sim.company}:${sim.operator.currency}`, { company: sim.company, currency: sim.operator.currency });
  }
  if (pairs.size === 0) return [];
  const createdAt = new Date(dayStartMs(clock, OPENED_DAY) + 9 * HOUR_MS);
  const values = [...pairs.entries()].map(([key, p]) => ({
    companyId: need(ids.companies, p.company, "company"),
    currency: p.currency,
    minimumBalanceMinor: MINIMUMS[key] ?? 0,
    createdAt,
  }));
  const opened = await tx
    .insert(wallets)
    .values(values)
    .onConflictDoNothing({ target: [wallets.companyId, wallets.currency] })
    .returning({ id: wallets.id, companyId: wallets.companyId, currency: wallets.currency, minimumBalanceMinor: wallets.minimumBalanceMinor });
  const staffId = need(ids.users, STAFF, "user");
  if (opened.length > 0) {
    await tx.insert(auditLog).values(
      opened.map((w) =>
        userAuditEntry({ userId: staffId }, createdAt, {
          action: "wallet.open",
          targetType: "wallet",
          targetId: w.id,
          companyId: w.companyId,
          after: { currency: w.currency, minimumBalanceMinor: w.minimumBalanceMinor },
        }),
      ),
    );
  }
  const nameOf = new Map([...ids.companies.entries()].map(([name, id]) => [id, name]));
  const rows = await tx
    .select({ id: wallets.id, companyId: wallets.companyId, currency: wallets.currency })
    .from(wallets)
    .where(inArray(wallets.companyId, [...new Set(values.map((v) => v.companyId))]))
    .orderBy(wallets.companyId, wallets.currency);
  return rows
    .filter((r) => pairs.has(`${nameOf.get(r.companyId) ?? ""}:${r.currency}`))
    .map((r) => ({ ...r, company: need(nameOf, r.companyId, "company") }));
}

// The same rating the ingestion runs (operators/ingest.ts), a day's records at a time. The
// records are the seed's own, so the batches and with them the charges' source keys are the
// same on every run.
async function chargeUsage(tx: Tx, paygo: LivedSim[], simIds: Map<string, number>): Promise<number> {
  const byDay = new Map<string, RatedUsage[]>();
  for (const sim of paygo) {
    const simId = need(simIds, sim.iccid, "sim");
    for (const u of sim.activity?.usage ?? []) {
      const day = isoDay(u.startedAt.getTime());
      const batch = byDay.get(day) ?? [];
      batch.push({ simId, sourceKey: u.sourceKey, startedAt: u.startedAt, bytes: u.bytes, countryCode: u.countryCode });
      byDay.set(day, batch);
    }
  }
  let charges = 0;
  for (const day of [...byDay.keys()].sort()) charges += await chargePaygoUsage(tx, byDay.get(day) ?? []);
  return charges;
}

// A bank transfer recorded by staff, sized to the history's charges so the balance ends positive.
async function topUp(tx: Tx, wallet: WalletRow, staffId: string, clock: Date): Promise<number> {
  const [used] = await tx
    .select({ micros: sql<string>`coalesce(-sum(${walletEntries.amountMicros}), 0)::text` })
    .from(walletEntries)
    .where(and(eq(walletEntries.walletId, wallet.id), eq(walletEntries.kind, "usage"), lt(walletEntries.occurredAt, clock)));
  const usedMinor = Number(used?.micros ?? 0) / MICROS_PER_MINOR;
  const amountMinor = Math.max(2 * TOP_UP_STEP_MINOR, Math.ceil((usedMinor * 1.5) / TOP_UP_STEP_MINOR) * TOP_UP_STEP_MINOR);
  const at = new Date(dayStartMs(clock, TOP_UP_DAY) + 10 * HOUR_MS);
  const note = `Bank transfer ${wallet.company.toUpperCase()}-${isoDay(at.getTime()).slice(0, 7)}`;
  const appended = await appendWalletEntries(tx, [
    { walletId: wallet.id, kind: "top_up", amountMicros: amountMinor * MICROS_PER_MINOR, sourceKey: `seed:top_up:${wallet.company}:${wallet.currency}`, occurredAt: at, note, createdBy: staffId },
  ]);
  if (appended > 0) {
    await tx.insert(auditLog).values(
      userAuditEntry({ userId: staffId }, at, {
        action: "wallet.top_up",
        targetType: "wallet",
        targetId: wallet.id,
        companyId: wallet.companyId,
        after: { amountMinor, currency: wallet.currency, note },
      }),
    );
  }
  return appended;
}
