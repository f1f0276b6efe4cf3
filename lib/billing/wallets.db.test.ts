import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, users, walletEntries, wallets } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { openWallet, recordWalletCredit, setWalletMinimum, type WalletCredit } from "./wallets";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const MICROS = 1_000_000;

let acme = "";
let globex = "";
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const admin: Viewer = { userId: "", email: "admin@acme.example", name: null, role: "company_admin", companyId: null, companyName: "Acme" };

beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  if (!a || !g) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  const [s, ad] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
    ])
    .returning();
  staff.userId = s?.id ?? "";
  admin.userId = ad?.id ?? "";
  admin.companyId = acme;
});

// What a refused call must leave untouched.
const snapshot = async () => ({
  wallets: await db().select().from(wallets).orderBy(asc(wallets.id)),
  entries: await db().select().from(walletEntries).orderBy(asc(walletEntries.id)),
  audit: await db().$count(auditLog),
});

const walletRow = async (id: string) => (await db().select().from(wallets).where(eq(wallets.id, id)))[0];
const auditOf = (walletId: string) => db().select().from(auditLog).where(eq(auditLog.targetId, walletId)).orderBy(asc(auditLog.id));

describe("openWallet", () => {
  it("opens a wallet for staff, at a zero balance, with an audit entry", async () => {
    const { id } = await openWallet(staff, { companyId: acme, currency: "EUR", minimumBalanceMinor: -5_000 }, T0);
    expect(await walletRow(id)).toMatchObject({ companyId: acme, currency: "EUR", minimumBalanceMinor: -5_000, balanceMicros: 0 });
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actorKind, a.actorUserId, a.companyId, a.after])).toEqual([
      ["wallet.open", "user", staff.userId, acme, { currency: "EUR", minimumBalanceMinor: -5_000 }],
    ]);
  });

  it("refuses a company admin, bad input and a second wallet in the same currency, writing nothing", async () => {
    const before = await snapshot();
    const refusals: [() => Promise<unknown>, string][] = [
      [() => openWallet(admin, { companyId: acme, currency: "GBP", minimumBalanceMinor: 0 }, T0), "forbidden"],
      [() => openWallet(staff, { companyId: acme, currency: "EUR", minimumBalanceMinor: 0 }, T0), "conflict"],
      [() => openWallet(staff, { companyId: acme, currency: "USD", minimumBalanceMinor: 0 }, T0), "invalid_input"],
      [() => openWallet(staff, { companyId: acme, currency: "eur", minimumBalanceMinor: 0 }, T0), "invalid_input"],
      [() => openWallet(staff, { companyId: acme, currency: "GBP", minimumBalanceMinor: 100_000_001 }, T0), "invalid_input"],
      [() => openWallet(staff, { companyId: acme, currency: "GBP", minimumBalanceMinor: -100_000_001 }, T0), "invalid_input"],
      [() => openWallet(staff, { companyId: acme, currency: "GBP", minimumBalanceMinor: 1.5 }, T0), "invalid_input"],
      [() => openWallet(staff, { companyId: randomUUID(), currency: "GBP", minimumBalanceMinor: 0 }, T0), "not_found"],
      [() => openWallet(staff, { companyId: "not-a-uuid", currency: "GBP", minimumBalanceMinor: 0 }, T0), "not_found"],
    ];
    for (const [call, code] of refusals) await expect(call()).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
  });

  it("opens one wallet per currency and per company", async () => {
    const gbp = await openWallet(staff, { companyId: acme, currency: "GBP", minimumBalanceMinor: 0 }, T0);
    const globexEur = await openWallet(staff, { companyId: globex, currency: "EUR", minimumBalanceMinor: 0 }, T0);
    expect(gbp.id).not.toBe(globexEur.id);
    expect(await db().$count(wallets)).toBe(3);
  });
});

describe("setWalletMinimum", () => {
  it("changes the minimum for staff with before and after in the audit, and a same value writes nothing", async () => {
    const { id } = await openWallet(staff, { companyId: globex, currency: "PLN", minimumBalanceMinor: 0 }, T0);
    await setWalletMinimum(staff, id, -20_000, T0);
    expect((await walletRow(id))?.minimumBalanceMinor).toBe(-20_000);
    await setWalletMinimum(staff, id, -20_000, T0);
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actorUserId, a.before, a.after])).toEqual([
      ["wallet.open", staff.userId, null, { currency: "PLN", minimumBalanceMinor: 0 }],
      ["wallet.minimum", staff.userId, { minimumBalanceMinor: 0 }, { minimumBalanceMinor: -20_000 }],
    ]);
  });

  it("refuses a company admin, an amount out of range and an unknown or malformed wallet, writing nothing", async () => {
    const [wallet] = await db().select().from(wallets).where(eq(wallets.companyId, acme)).orderBy(asc(wallets.currency));
    if (!wallet) throw new Error("no wallet");
    const before = await snapshot();
    const refusals: [() => Promise<unknown>, string][] = [
      [() => setWalletMinimum(admin, wallet.id, 100, T0), "forbidden"],
      [() => setWalletMinimum(staff, wallet.id, 100_000_001, T0), "invalid_input"],
      [() => setWalletMinimum(staff, wallet.id, 0.5, T0), "invalid_input"],
      [() => setWalletMinimum(staff, randomUUID(), 100, T0), "not_found"],
      [() => setWalletMinimum(staff, "12345", 100, T0), "not_found"],
    ];
    for (const [call, code] of refusals) await expect(call()).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
  });
});

describe("recordWalletCredit", () => {
  let walletId = "";
  const credit = (over: Partial<WalletCredit> = {}): WalletCredit => ({
    walletId,
    kind: "top_up",
    amountMinor: 12_345,
    note: "Bank transfer ref 42",
    idempotencyKey: randomUUID(),
    ...over,
  });

  beforeAll(async () => {
    const { id } = await openWallet(staff, { companyId: acme, currency: "ILS", minimumBalanceMinor: 0 }, T0);
    walletId = id;
  });

  it("records a top-up once per idempotency key, moves the balance and audits before and after", async () => {
    const first = credit({ note: "  Bank transfer ref 42  " });
    expect(await recordWalletCredit(staff, first, T0)).toEqual({ recorded: true });
    expect(await recordWalletCredit(staff, first, T0)).toEqual({ recorded: false });
    expect((await walletRow(walletId))?.balanceMicros).toBe(12_345 * MICROS);
    const entries = await db().select().from(walletEntries).where(eq(walletEntries.walletId, walletId)).orderBy(asc(walletEntries.id));
    expect(entries.map((e) => [e.kind, e.amountMicros, e.note, e.createdBy, e.sourceKey])).toEqual([
      ["top_up", 12_345 * MICROS, "Bank transfer ref 42", staff.userId, `top_up:${first.idempotencyKey}`],
    ]);

    // An adjustment may take money away; its audit entry starts from the balance before it.
    expect(await recordWalletCredit(staff, credit({ kind: "adjustment", amountMinor: -345, note: "Refund correction" }), T0)).toEqual({ recorded: true });
    expect((await walletRow(walletId))?.balanceMicros).toBe(12_000 * MICROS);
    const audit = (await auditOf(walletId)).filter((a) => a.action !== "wallet.open");
    expect(audit.map((a) => [a.action, a.actorUserId, a.before, a.after])).toEqual([
      ["wallet.top_up", staff.userId, { balanceMicros: 0 }, { balanceMicros: 12_345 * MICROS, amountMinor: 12_345, currency: "ILS", note: "Bank transfer ref 42" }],
      ["wallet.adjustment", staff.userId, { balanceMicros: 12_345 * MICROS }, { balanceMicros: 12_000 * MICROS, amountMinor: -345, currency: "ILS", note: "Refund correction" }],
    ]);
    const [sum] = await db()
      .select({ micros: sql<string>`sum(${walletEntries.amountMicros})` })
      .from(walletEntries)
      .where(eq(walletEntries.walletId, walletId));
    expect(Number(sum?.micros)).toBe((await walletRow(walletId))?.balanceMicros);
  });

  it("refuses a company admin, bad amounts and notes, a bad idempotency key and an unknown wallet, writing nothing", async () => {
    const before = await snapshot();
    const refusals: [() => Promise<unknown>, string][] = [
      [() => recordWalletCredit(admin, credit(), T0), "forbidden"],
      [() => recordWalletCredit(staff, credit({ amountMinor: 0 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ kind: "adjustment", amountMinor: 0 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ amountMinor: 100_000_001 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ kind: "adjustment", amountMinor: -100_000_001 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ amountMinor: 10.5 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ amountMinor: -100 }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ note: "  ab  " }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ note: "x".repeat(501) }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ idempotencyKey: "resubmit-1" }), T0), "invalid_input"],
      [() => recordWalletCredit(staff, credit({ walletId: randomUUID() }), T0), "not_found"],
      [() => recordWalletCredit(staff, credit({ walletId: "wallet-1" }), T0), "not_found"],
    ];
    for (const [call, code] of refusals) await expect(call()).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
  });
});

describe("wallet_entries", () => {
  it("refuse UPDATE and DELETE, even in raw SQL", async () => {
    const [entry] = await db().select().from(walletEntries).orderBy(asc(walletEntries.id)).limit(1);
    if (!entry) throw new Error("no entry");
    expect(await refusal(db().execute(sql`UPDATE wallet_entries SET amount_micros = amount_micros + 1 WHERE id = ${entry.id}`))).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(db().execute(sql`DELETE FROM wallet_entries WHERE id = ${entry.id}`))).toMatch(/append-only: DELETE refused/);
    const [after] = await db().select().from(walletEntries).where(eq(walletEntries.id, entry.id));
    expect(after).toEqual(entry);
  });
});

// Drizzle wraps the database's error; the trigger's message is its cause.
async function refusal(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return cause instanceof Error ? cause.message : String(cause);
  }
  return "not refused";
}
