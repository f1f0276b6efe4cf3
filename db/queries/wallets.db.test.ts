import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, operators, plans, sims, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { usageChargeMicros } from "@/lib/billing/paygo-rating";
import { appendWalletEntries, ensureWallets, openWallet, walletIdOf, type WalletEntryDraft } from "@/lib/billing/wallets";
import { findWallet, findWalletStatement, listStatementMonths, listWalletEntries, listWallets, statementPeriod, WALLET_ENTRIES_PAGE_SIZE } from "./wallets";

const db = () => getDb();
const MICROS = 1_000_000;
const platform: Scope = { kind: "platform" };
let operatorId = "";
let eurPaygo = "";
let gbpPaygo = "";
let eurSubscription = "";
let staffId = "";
let n = 0;

async function addCompany(name: string, timeZone = "UTC"): Promise<string> {
  const [row] = await db().insert(companies).values({ name, timeZone }).returning();
  if (!row) throw new Error("company");
  return row.id;
}

async function addSim(companyId: string, planId: string, over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const simType = planId === eurSubscription ? "subscription" : "paygo";
  const [row] = await db()
    .insert(sims)
    .values({ iccid: `893407000000${String(1_000_000 + n)}`, formFactor: "physical", operatorId, status: "active", companyId, planId, simType, ...over })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}

async function walletOf(companyId: string, currency = "EUR"): Promise<string> {
  const ids = await db().transaction((tx) => ensureWallets(tx, [{ companyId, currency }]));
  const id = walletIdOf(ids, companyId, currency);
  if (!id) throw new Error("wallet");
  return id;
}

// Writes entries the way ingestion and staff do, through the ledger's own writer.
async function append(walletId: string, drafts: Omit<WalletEntryDraft, "walletId" | "sourceKey">[]) {
  await db().transaction((tx) =>
    appendWalletEntries(
      tx,
      drafts.map((d) => {
        n += 1;
        return { ...d, walletId, sourceKey: `test:${n}` };
      }),
    ),
  );
}

const usage = (simId: number, at: string, countryCode: string | null, bytes: number, rate: number) => ({
  kind: "usage" as const,
  simId,
  countryCode,
  bytes,
  ratePerMbMicros: rate,
  amountMicros: -usageChargeMicros(bytes, rate),
  occurredAt: new Date(at),
});
const credit = (kind: "top_up" | "adjustment", at: string, minor: number, note: string) => ({
  kind,
  amountMicros: minor * MICROS,
  occurredAt: new Date(at),
  note,
  createdBy: staffId,
});

beforeAll(async () => {
  const [op] = await db().insert(operators).values({ name: "Simnet", countryCode: "ES", currency: "EUR" }).returning();
  if (!op) throw new Error("operator");
  operatorId = op.id;
  const [eur, gbp, sub] = await db()
    .insert(plans)
    .values([
      { operatorId, type: "paygo", currency: "EUR", defaultPerMbMicros: 2 * MICROS },
      { operatorId, type: "paygo", currency: "GBP", defaultPerMbMicros: MICROS },
      { operatorId, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 1_000_000, overagePerMbMicros: MICROS },
    ])
    .returning();
  if (!eur || !gbp || !sub) throw new Error("plans");
  eurPaygo = eur.id;
  gbpPaygo = gbp.id;
  eurSubscription = sub.id;
  const [staff] = await db().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  staffId = staff?.id ?? "";
});

describe("wallet statements", () => {
  // Europe/Warsaw: March 2026 starts at 2026-02-28T23:00Z (CET) and ends at 2026-03-31T22:00Z
  // (CEST since 29 March), so UTC dates near both ends belong to the other month.
  it("sums usage per SIM x country x rate within the company's month, with balances before and after", async () => {
    const company = await addCompany("Warsaw Fleet", "Europe/Warsaw");
    const wallet = await walletOf(company);
    const first = await addSim(company, eurPaygo);
    const second = await addSim(company, eurPaygo);
    await append(wallet, [
      credit("top_up", "2026-02-10T09:00:00Z", 1_000, "Bank transfer 1"),
      usage(first.id, "2026-02-28T22:59:59Z", "ES", 1_000_000, 2 * MICROS), // 23:59:59 on 28 Feb in Warsaw
      usage(first.id, "2026-02-28T23:00:00Z", "ES", 1_234_567, 2 * MICROS), // midnight, 1 March in Warsaw
      usage(first.id, "2026-03-15T10:00:00Z", "ES", 1_000_000, 2 * MICROS),
      usage(first.id, "2026-03-20T10:00:00Z", "ES", 1_000_000, 3 * MICROS), // the plan's rate changed
      usage(first.id, "2026-03-10T10:00:00Z", null, 50, 10_000), // no network reported: 0.5 micros, half up
      usage(second.id, "2026-03-31T21:59:59Z", "FR", 2_000_000, MICROS), // 23:59:59 on 31 March in Warsaw
      usage(second.id, "2026-03-31T22:00:00Z", "FR", 5_000_000, MICROS), // midnight, 1 April in Warsaw
      credit("top_up", "2026-03-05T08:00:00Z", 500, "Bank transfer 2"),
      credit("adjustment", "2026-03-06T08:00:00Z", -150, "Goodwill reversal"),
    ]);

    const march = await findWalletStatement(platform, wallet, "2026-03");
    if (!march) throw new Error("statement");
    expect(march.period).toMatchObject({ start: "2026-03-01", end: "2026-04-01", timeZone: "Europe/Warsaw" });
    expect(march.period.startAt.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(march.lines.map((l) => [l.iccid, l.countryCode, l.ratePerMbMicros, l.bytes, l.chargeMicros])).toEqual([
      [first.iccid, "ES", 2 * MICROS, 2_234_567, 2_469_134 + 2_000_000],
      [first.iccid, "ES", 3 * MICROS, 1_000_000, 3_000_000],
      [first.iccid, null, 10_000, 50, 1],
      [second.iccid, "FR", MICROS, 2_000_000, 2_000_000],
    ]);
    expect(march.credits.map((c) => [c.kind, c.amountMicros, c.note, c.createdByEmail])).toEqual([
      ["top_up", 500 * MICROS, "Bank transfer 2", "staff@example.com"],
      ["adjustment", -150 * MICROS, "Goodwill reversal", "staff@example.com"],
    ]);
    // February: the first top-up and the 1 MB used at 23:59:59 local time.
    expect(march.openingMicros).toBe(1_000 * MICROS - 2_000_000);
    const usageCharge = 4_469_134 + 3_000_000 + 1 + 2_000_000;
    expect(march.totals).toEqual({ usageBytes: 2_234_567 + 1_000_000 + 50 + 2_000_000, usageChargeMicros: usageCharge, creditsMicros: 350 * MICROS });
    expect(march.closingMicros).toBe(march.openingMicros - usageCharge + 350 * MICROS);

    // Months chain: April opens where March closed, and its close is the wallet's balance.
    const april = await findWalletStatement(platform, wallet, "2026-04");
    expect(april?.openingMicros).toBe(march.closingMicros);
    expect(april?.lines.map((l) => [l.iccid, l.bytes])).toEqual([[second.iccid, 5_000_000]]);
    expect(april?.closingMicros).toBe((await findWallet(platform, wallet))?.balanceMicros);
    const february = await findWalletStatement(platform, wallet, "2026-02");
    expect(february?.closingMicros).toBe(march.openingMicros);
    expect(february?.openingMicros).toBe(0);

    expect(await listStatementMonths(platform, wallet)).toEqual(["2026-04", "2026-03", "2026-02"]);
  });

  it("refuses a month that does not parse", async () => {
    const company = await addCompany("Parse Co");
    const wallet = await walletOf(company);
    for (const month of ["2026-13", "2026-3", "26-03", "2026-03-01", "", "abcd-ef"]) expect(await findWalletStatement(platform, wallet, month)).toBeNull();
    expect(statementPeriod("2026-03", "Asia/Jerusalem")?.startAt.toISOString()).toBe("2026-02-28T22:00:00.000Z");
  });
});

describe("wallet scoping", () => {
  it("shows a company admin their company's wallets only, end users none, and lets staff filter", async () => {
    const a = await addCompany("Scope A");
    const b = await addCompany("Scope B");
    const walletA = await walletOf(a);
    const simB = await addSim(b, eurPaygo);
    const { id: walletB } = await openWallet(
      { userId: staffId, email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null },
      { companyId: b, currency: "EUR", minimumBalanceMinor: 100 },
      new Date("2026-03-01T00:00:00Z"),
    );
    await append(walletB, [usage(simB.id, "2026-03-02T00:00:00Z", "DE", 1_000_000, 2 * MICROS)]);
    const adminA: Scope = { kind: "company", companyId: a };
    const endUser: Scope = { kind: "end_user", userId: staffId };

    expect((await listWallets(adminA)).map((w) => w.id)).toEqual([walletA]);
    expect(await listWallets(endUser)).toEqual([]);
    expect((await listWallets(platform, { companyId: b })).map((w) => w.id)).toEqual([walletB]);
    // A company admin's filter cannot widen their scope.
    expect((await listWallets(adminA, { companyId: b })).map((w) => w.id)).toEqual([walletA]);
    expect((await listWallets(platform)).map((w) => w.id)).toEqual(expect.arrayContaining([walletA, walletB]));

    expect(await findWallet(adminA, walletB)).toBeNull();
    expect(await findWallet(endUser, walletA)).toBeNull();
    expect((await listWalletEntries(adminA, walletB)).entries).toEqual([]);
    expect(await listStatementMonths(adminA, walletB)).toEqual([]);
    expect(await findWalletStatement(adminA, walletB, "2026-03")).toBeNull();
    expect((await findWalletStatement({ kind: "company", companyId: b }, walletB, "2026-03"))?.lines).toHaveLength(1);
    expect((await listWalletEntries({ kind: "company", companyId: b }, walletB)).entries).toHaveLength(1);
    expect(await findWallet(platform, "not-a-uuid")).toBeNull();
  });

  it("reports the balance against the minimum, the company's PAYGO SIMs in the currency and the last entry", async () => {
    const company = await addCompany("Counting Co");
    const other = await addCompany("Other Co");
    const { id: wallet } = await openWallet(
      { userId: staffId, email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null },
      { companyId: company, currency: "EUR", minimumBalanceMinor: 1_000 },
      new Date("2026-03-01T00:00:00Z"),
    );
    const counted = [await addSim(company, eurPaygo), await addSim(company, eurPaygo, { status: "suspended", statusReason: "no_funds" })];
    await addSim(company, eurPaygo, { retiredAt: new Date("2026-02-01T00:00:00Z") });
    await addSim(company, gbpPaygo);
    await addSim(company, eurSubscription);
    await addSim(other, eurPaygo);
    const before = await findWallet(platform, wallet);
    expect(before).toMatchObject({ companyName: "Counting Co", currency: "EUR", balanceMicros: 0, minimumBalanceMinor: 1_000, belowMinimum: true, paygoSims: 2, heldSims: 1, lastEntryAt: null });

    await append(wallet, [credit("top_up", "2026-03-03T10:00:00Z", 1_000, "Exactly the minimum"), usage(counted[0]?.id ?? 0, "2026-03-02T10:00:00Z", "ES", 1, 10_000)]);
    const after = await findWallet(platform, wallet);
    // 1 byte at 0.01 cents/MB is 0.01 micros: rounds to 0, so the balance sits exactly at the minimum.
    expect(after).toMatchObject({ balanceMicros: 1_000 * MICROS, belowMinimum: false });
    expect(after?.lastEntryAt?.toISOString()).toBe("2026-03-03T10:00:00.000Z");
  });
});

describe("wallet history", () => {
  it("pages newest first, 50 at a time, through entries that share a timestamp, with ICCIDs and who recorded credits", async () => {
    const company = await addCompany("Paging Co");
    const wallet = await walletOf(company);
    const sim = await addSim(company, eurPaygo);
    const drafts = [];
    // 120 entries over 40 distinct instants: three per instant.
    for (let i = 0; i < 120; i += 1) {
      const at = new Date(Date.UTC(2026, 2, 1) + Math.floor(i / 3) * 3_600_000).toISOString();
      drafts.push(i % 10 === 0 ? credit("top_up", at, 1 + i, `Transfer ${i}`) : usage(sim.id, at, "ES", 1_000 + i, 2 * MICROS));
    }
    await append(wallet, drafts);

    const seen: { id: number; occurredAt: Date }[] = [];
    const sizes: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await listWalletEntries(platform, wallet, { after });
      sizes.push(result.entries.length);
      seen.push(...result.entries);
      if (page === 0) {
        const usageRow = result.entries.find((e) => e.kind === "usage");
        const topUp = result.entries.find((e) => e.kind === "top_up");
        expect(usageRow).toMatchObject({ iccid: sim.iccid, countryCode: "ES", ratePerMbMicros: 2 * MICROS, createdByEmail: null });
        expect(topUp).toMatchObject({ iccid: null, createdByEmail: "staff@example.com" });
        expect(topUp?.note).toMatch(/^Transfer \d+$/);
      }
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    expect(sizes).toEqual([WALLET_ENTRIES_PAGE_SIZE, WALLET_ENTRIES_PAGE_SIZE, 20]);
    const ordered = [...seen].sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime() || y.id - x.id);
    expect(seen.map((e) => e.id)).toEqual(ordered.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(120);
    // A cursor from another wallet, or junk, does not leak or crash.
    expect((await listWalletEntries(platform, wallet, { after: "abc" })).entries).toHaveLength(WALLET_ENTRIES_PAGE_SIZE);
  });
});
