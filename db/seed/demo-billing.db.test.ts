import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { rowsOf } from "@/db/sql";
import { usageChargeMicros } from "@/lib/billing/paygo-rating";
import { seedDemo } from "./demo";

// The demo clock puts "last month" in February 2026 and "this month" in March.
const now = new Date("2026-03-15T12:00:00Z");
const MICROS = 1_000_000;

async function rows(query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return rowsOf(await getDb().execute(query));
}

describe("demo billing", () => {
  beforeAll(async () => {
    await seedDemo(getDb(), { now });
  }, 240_000);

  it("charges every PAYGO usage record of a company's SIMs to its wallet once, at the plan's rates", async () => {
    // Bytes charged per wallet equal the bytes its company's PAYGO SIMs used in that currency.
    const coverage = await rows(sql`
      SELECT c.name AS company, w.currency,
        (SELECT coalesce(sum(e.bytes), 0)::bigint::text FROM wallet_entries e WHERE e.wallet_id = w.id AND e.kind = 'usage') AS charged_bytes,
        (SELECT coalesce(sum(u.bytes), 0)::bigint::text FROM usage_records u JOIN sims s ON s.id = u.sim_id JOIN plans p ON p.id = s.plan_id
          WHERE s.company_id = w.company_id AND p.type = 'paygo' AND p.currency = w.currency) AS used_bytes
      FROM wallets w JOIN companies c ON c.id = w.company_id ORDER BY c.name, w.currency`);
    expect(coverage.map((r) => `${String(r.company)}:${String(r.currency)}`)).toEqual(expect.arrayContaining(["Acme:EUR", "Globex:EUR"]));
    for (const r of coverage) {
      expect(Number(r.used_bytes), `${String(r.company)} ${String(r.currency)}`).toBeGreaterThan(0);
      expect(r.charged_bytes, `${String(r.company)} ${String(r.currency)}`).toBe(r.used_bytes);
    }

    // Each charge is priced at the plan's rate for its country (or the default) and rounded once.
    const charges = await rows(sql`
      SELECT e.bytes, e.amount_micros, e.rate_per_mb_micros, coalesce(r.per_mb_micros, p.default_per_mb_micros) AS plan_rate
      FROM wallet_entries e JOIN sims s ON s.id = e.sim_id JOIN plans p ON p.id = s.plan_id
      LEFT JOIN plan_country_rates r ON r.plan_id = p.id AND r.country_code = e.country_code
      WHERE e.kind = 'usage' ORDER BY e.id`);
    expect(charges.length).toBeGreaterThan(100);
    for (const c of charges) {
      expect(Number(c.rate_per_mb_micros)).toBe(Number(c.plan_rate));
      expect(Number(c.amount_micros)).toBe(-usageChargeMicros(Number(c.bytes), Number(c.plan_rate)));
    }
  });

  it("gives Acme a EUR wallet with a credit line, a staff top-up and charges last month and this month in several countries", async () => {
    const [wallet] = await rows(sql`
      SELECT w.id, w.minimum_balance_minor, w.balance_micros::text AS balance,
        (SELECT sum(e.amount_micros)::text FROM wallet_entries e WHERE e.wallet_id = w.id) AS entries_sum
      FROM wallets w JOIN companies c ON c.id = w.company_id WHERE c.name = 'Acme' AND w.currency = 'EUR'`);
    expect(wallet).toBeDefined();
    expect(Number(wallet?.minimum_balance_minor)).toBe(-5_000);
    expect(wallet?.balance).toBe(wallet?.entries_sum);

    const topUps = await rows(sql`
      SELECT e.amount_micros, e.note, u.email FROM wallet_entries e JOIN users u ON u.id = e.created_by
      WHERE e.wallet_id = ${wallet?.id} AND e.kind = 'top_up' ORDER BY e.id`);
    expect(topUps).toHaveLength(1);
    expect(topUps[0]?.note).toMatch(/^Bank transfer ACME-\d{4}-\d{2}$/);
    expect(topUps[0]?.email).toBe("staff@example.com");

    const months = await rows(sql`
      SELECT to_char(e.occurred_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, count(DISTINCT e.sim_id)::int AS sims,
        count(DISTINCT coalesce(e.country_code, '?'))::int AS countries, bool_or(e.country_code IS NULL) AS unknown_network
      FROM wallet_entries e WHERE e.wallet_id = ${wallet?.id} AND e.kind = 'usage'
      GROUP BY 1 ORDER BY 1`);
    const byMonth = new Map(months.map((m) => [String(m.month), m]));
    expect(byMonth.get("2026-03")?.sims).toBeGreaterThanOrEqual(3);
    expect(byMonth.get("2026-02")).toMatchObject({ unknown_network: true });
    expect(Number(byMonth.get("2026-02")?.sims)).toBeGreaterThanOrEqual(3);
    expect(Number(byMonth.get("2026-02")?.countries)).toBeGreaterThanOrEqual(3);
  });

  it("leaves every wallet above its minimum, with a balance that is the sum of its entries", async () => {
    const wallets = await rows(sql`
      SELECT w.currency, w.minimum_balance_minor, w.balance_micros::text AS balance,
        (SELECT sum(e.amount_micros)::text FROM wallet_entries e WHERE e.wallet_id = w.id) AS entries_sum,
        (SELECT count(*)::int FROM wallet_entries e WHERE e.wallet_id = w.id AND e.kind = 'top_up') AS top_ups
      FROM wallets w ORDER BY w.company_id, w.currency`);
    expect(wallets.length).toBeGreaterThanOrEqual(4);
    for (const w of wallets) {
      expect(w.balance).toBe(w.entries_sum);
      expect(Number(w.balance)).toBeGreaterThan(0);
      expect(Number(w.balance)).toBeGreaterThanOrEqual(Number(w.minimum_balance_minor) * MICROS);
      expect(w.top_ups).toBe(1);
    }
  });

  it("issues last month's subscription invoices for Acme and Globex at the seed clock", async () => {
    const invoices = await rows(sql`
      SELECT c.name AS company, i.number, i.currency, i.issued_at, i.total_minor,
        (SELECT coalesce(sum(l.amount_minor), 0)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines_total,
        (SELECT count(*)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
      FROM invoices i JOIN companies c ON c.id = i.company_id
      WHERE i.kind = 'invoice' AND i.period_start = '2026-02-01' ORDER BY i.number`);
    expect(new Set(invoices.map((i) => i.company))).toEqual(new Set(["Acme", "Globex"]));
    for (const i of invoices) {
      expect(i.lines).toBeGreaterThan(0);
      expect(Number(i.total_minor)).toBe(i.lines_total);
      expect(new Date(String(i.issued_at)).toISOString()).toBe(now.toISOString());
    }
    expect(invoices.map((i) => i.number)).toEqual(invoices.map((_, n) => `INV-2026-${String(n + 1).padStart(6, "0")}`));
  });

  it("changes nothing when the seed runs again", { timeout: 240_000 }, async () => {
    const snapshot = () =>
      rows(sql`
        SELECT 'wallet' AS kind, w.id::text AS id, w.balance_micros::text AS value FROM wallets w
        UNION ALL SELECT 'entries', e.wallet_id::text, count(*)::text FROM wallet_entries e GROUP BY e.wallet_id
        UNION ALL SELECT 'invoice', i.number, i.total_minor::text FROM invoices i
        UNION ALL SELECT 'audit', a.action, count(*)::text FROM audit_log a WHERE a.action LIKE 'wallet.%' OR a.action LIKE 'invoice.%' GROUP BY a.action
        ORDER BY 1, 2`);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    const again = await seedDemo(getDb(), { now: new Date(now.getTime() + 40 * 86_400_000) });
    expect(again.after).toEqual(again.before);
    expect(await snapshot()).toEqual(before);
  });
});
