import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { pgArray } from "@/db/sql";
import { auditLog, companies, walletEntries, wallets } from "@/db/schema";
import { MICROS_PER_MINOR } from "@/lib/money";
import { userAuditEntry } from "@/lib/audit";
import { scopeOf, type Viewer } from "@/lib/auth/load-viewer";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isSupportedCurrency, SUPPORTED_CURRENCIES } from "@/lib/plans/plan-amounts";
import type { Tx } from "@/lib/sims/sim-change";
import { isUuid } from "@/lib/uuid";
import { walletScopeCondition } from "@/db/queries/wallets";
import { staffNote } from "./staff-note";
import { WALLET_AMOUNT_MAX_MINOR } from "./wallet-input";
import { enforceWalletMinimums } from "./wallet-limits";

// PAYGO wallets: one per company and currency; a balance that is the exact sum of append-only
// entries (usage charges, top-ups, adjustments) in micros. Staff open wallets, set the minimum
// balance (negative: a credit line) and record top-ups received outside the portal (a bank
// transfer) and adjustments; card top-ups come with payments. Each change is audited and is
// followed at once by the limit check, so a top-up resumes the SIMs the wallet had suspended.


export type WalletEntryDraft = {
  walletId: string;
  kind: "usage" | "top_up" | "adjustment";
  amountMicros: number;
  sourceKey: string;
  occurredAt: Date;
  simId?: number | null;
  countryCode?: string | null;
  bytes?: number | null;
  ratePerMbMicros?: number | null;
  note?: string | null;
  createdBy?: string | null;
};

const walletKey = (companyId: string, currency: string) => `${companyId}:${currency}`;

// The wallet of each (company, currency), opened at a zero balance and minimum when missing.
export async function ensureWallets(tx: Tx, pairs: readonly { companyId: string; currency: string }[]): Promise<Map<string, string>> {
  // Sorted: two batches opening the same wallets insert them in one order, so they never deadlock.
  const unique = [...new Map(pairs.map((p) => [walletKey(p.companyId, p.currency), p])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, p]) => p);
  if (unique.length === 0) return new Map();
  await tx.execute(sql`
    INSERT INTO wallets (company_id, currency)
    SELECT * FROM unnest(${pgArray(unique.map((p) => p.companyId), "uuid")}, ${pgArray(unique.map((p) => p.currency), "text")})
    ON CONFLICT (company_id, currency) DO NOTHING`);
  const rows = await tx
    .select({ id: wallets.id, companyId: wallets.companyId, currency: wallets.currency })
    .from(wallets)
    .where(inArray(wallets.companyId, [...new Set(unique.map((p) => p.companyId))]));
  return new Map(rows.map((r) => [walletKey(r.companyId, r.currency), r.id]));
}

export function walletIdOf(ids: ReadonlyMap<string, string>, companyId: string, currency: string): string | undefined {
  return ids.get(walletKey(companyId, currency));
}

// Appends the entries that are new (a source key seen before is a no-op) and moves each wallet's
// balance by exactly what was appended. Wallets are locked in id order first, so two batches
// charging the same wallets wait for each other instead of deadlocking.
export async function appendWalletEntries(tx: Tx, drafts: readonly WalletEntryDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const walletIds = [...new Set(drafts.map((d) => d.walletId))].sort();
  await tx.select({ id: wallets.id }).from(wallets).where(inArray(wallets.id, walletIds)).orderBy(asc(wallets.id)).for("update");
  const appended = await tx
    .insert(walletEntries)
    .values(
      drafts.map((d) => ({
        walletId: d.walletId,
        kind: d.kind,
        amountMicros: d.amountMicros,
        sourceKey: d.sourceKey,
        occurredAt: d.occurredAt,
        simId: d.simId ?? null,
        countryCode: d.countryCode ?? null,
        bytes: d.bytes ?? null,
        ratePerMbMicros: d.ratePerMbMicros ?? null,
        note: d.note ?? null,
        createdBy: d.createdBy ?? null,
      })),
    )
    .onConflictDoNothing({ target: walletEntries.sourceKey })
    .returning({ walletId: walletEntries.walletId, amountMicros: walletEntries.amountMicros });
  const moved = new Map<string, number>();
  for (const row of appended) moved.set(row.walletId, (moved.get(row.walletId) ?? 0) + row.amountMicros);
  for (const walletId of walletIds) {
    const delta = moved.get(walletId);
    if (delta) await tx.update(wallets).set({ balanceMicros: sql`${wallets.balanceMicros} + ${delta}` }).where(eq(wallets.id, walletId));
  }
  return appended.length;
}

function requireStaff(viewer: Viewer): void {
  if (!can(viewer, "wallets:manage")) throw new AppError("forbidden", "Only platform staff can change wallets.");
}

function checkMinimum(minimumMinor: number): void {
  if (!Number.isSafeInteger(minimumMinor) || Math.abs(minimumMinor) > WALLET_AMOUNT_MAX_MINOR) {
    throw new AppError("invalid_input", "The minimum balance must be a whole amount of at most 1,000,000.");
  }
}

export async function openWallet(viewer: Viewer, input: { companyId: string; currency: string; minimumBalanceMinor: number }, at: Date): Promise<{ id: string }> {
  requireStaff(viewer);
  if (!isUuid(input.companyId)) throw new AppError("not_found", "This company does not exist.");
  if (!isSupportedCurrency(input.currency)) throw new AppError("invalid_input", `Choose one of ${SUPPORTED_CURRENCIES.join(", ")}.`);
  checkMinimum(input.minimumBalanceMinor);
  const opened = await getDb().transaction(async (tx) => {
    const [company] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, input.companyId));
    if (!company) throw new AppError("not_found", "This company does not exist.");
    const [wallet] = await tx
      .insert(wallets)
      .values({ companyId: input.companyId, currency: input.currency, minimumBalanceMinor: input.minimumBalanceMinor, createdAt: at })
      .onConflictDoNothing({ target: [wallets.companyId, wallets.currency] })
      .returning({ id: wallets.id });
    if (!wallet) throw new AppError("conflict", `This company already has a ${input.currency} wallet.`);
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "wallet.open",
        targetType: "wallet",
        targetId: wallet.id,
        companyId: input.companyId,
        after: { currency: input.currency, minimumBalanceMinor: input.minimumBalanceMinor },
      }),
    );
    return wallet;
  });
  // A minimum above zero can hold back SIMs that used the wallet's currency before it was opened.
  await enforceWalletMinimums({ db: getDb(), now: () => at, walletIds: [opened.id] });
  return opened;
}

export async function setWalletMinimum(viewer: Viewer, walletId: string, minimumBalanceMinor: number, at: Date): Promise<void> {
  requireStaff(viewer);
  checkMinimum(minimumBalanceMinor);
  await getDb().transaction(async (tx) => {
    const wallet = await lockWallet(tx, viewer, walletId);
    if (wallet.minimumBalanceMinor === minimumBalanceMinor) return;
    await tx.update(wallets).set({ minimumBalanceMinor }).where(eq(wallets.id, wallet.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "wallet.minimum",
        targetType: "wallet",
        targetId: wallet.id,
        companyId: wallet.companyId,
        before: { minimumBalanceMinor: wallet.minimumBalanceMinor },
        after: { minimumBalanceMinor },
      }),
    );
  });
  await enforceWalletMinimums({ db: getDb(), now: () => at, walletIds: [walletId] });
}

export type WalletCredit = {
  walletId: string;
  kind: "top_up" | "adjustment";
  // Minor units: a top-up is positive; an adjustment either sign, never zero.
  amountMinor: number;
  note: string;
  // From the form, generated when it was shown: submitting it twice records one entry.
  idempotencyKey: string;
};

export async function recordWalletCredit(viewer: Viewer, credit: WalletCredit, at: Date): Promise<{ recorded: boolean }> {
  requireStaff(viewer);
  if (!Number.isSafeInteger(credit.amountMinor) || credit.amountMinor === 0 || Math.abs(credit.amountMinor) > WALLET_AMOUNT_MAX_MINOR) {
    throw new AppError("invalid_input", "Enter an amount other than zero, of at most 1,000,000.");
  }
  if (credit.kind === "top_up" && credit.amountMinor < 0) throw new AppError("invalid_input", "A top-up adds money: enter a positive amount, or record an adjustment.");
  const note = staffNote(credit.note, "Say where the money comes from or why, e.g. a bank transfer reference");
  if (!isUuid(credit.idempotencyKey)) throw new AppError("invalid_input", "This form has expired: reload the page and try again.");
  const recorded = await getDb().transaction(async (tx) => {
    const wallet = await lockWallet(tx, viewer, credit.walletId);
    const amountMicros = credit.amountMinor * MICROS_PER_MINOR;
    const appended = await appendWalletEntries(tx, [
      { walletId: wallet.id, kind: credit.kind, amountMicros, sourceKey: `${credit.kind}:${credit.idempotencyKey}`, occurredAt: at, note, createdBy: viewer.userId },
    ]);
    if (appended === 0) return false;
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: `wallet.${credit.kind}`,
        targetType: "wallet",
        targetId: wallet.id,
        companyId: wallet.companyId,
        before: { balanceMicros: wallet.balanceMicros },
        after: { balanceMicros: wallet.balanceMicros + amountMicros, amountMinor: credit.amountMinor, currency: wallet.currency, note },
      }),
    );
    return true;
  });
  await enforceWalletMinimums({ db: getDb(), now: () => at, walletIds: [credit.walletId] });
  return { recorded };
}

async function lockWallet(tx: Tx, viewer: Viewer, walletId: string) {
  if (!isUuid(walletId)) throw new AppError("not_found", "This wallet does not exist.");
  const [wallet] = await tx
    .select()
    .from(wallets)
    .where(and(eq(wallets.id, walletId), walletScopeCondition(scopeOf(viewer))))
    .for("update");
  if (!wallet) throw new AppError("not_found", "This wallet does not exist.");
  return wallet;
}
