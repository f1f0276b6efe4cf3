import { and, asc, eq, getTableColumns, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { simOperations, sims, wallets } from "@/db/schema";
import type { LockedSim, Tx } from "@/lib/sims/sim-change";
import { MICROS_PER_MINOR } from "./paygo-rating";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import { blockingWallet } from "./holds";
import { applySystemChange, type SystemChangeCounts } from "./system-status";
import { walletNotices } from "./wallet-notices";

// The `enforce-wallet-minimums` job, also run for one wallet right after a top-up or a new
// minimum. A PAYGO SIM whose company's wallet (in its plan's currency) is below the wallet's
// minimum is suspended by the system with reason no_funds; a SIM the system suspended for that
// reason is resumed once nothing holds it any more (the wallet is back at or above its minimum,
// or the SIM left PAYGO or the company). Through the operator when the integration can (Pending
// meanwhile), in the portal otherwise. SIMs are claimed FOR UPDATE SKIP LOCKED and skipped while
// an operation runs on them, so concurrent runs never act on a SIM twice. The company's admins are
// e-mailed once each time a wallet falls below its minimum (wallet-notices.ts).

const BATCH = 500;
const DEFAULT_BUDGET_MS = 50_000;

export type WalletLimitsSummary = { notified: number; suspended: SystemChangeCounts; resumed: SystemChangeCounts };

export async function enforceWalletMinimums(options: {
  db: Db;
  now: () => Date;
  budgetMs?: number;
  walletIds?: readonly string[];
  send?: (message: MailMessage) => Promise<unknown>;
}): Promise<WalletLimitsSummary> {
  const deadline = options.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const notices = await walletNotices(options.db, options.now(), options.walletIds);
  const summary: WalletLimitsSummary = { notified: notices.length, suspended: { throughOperator: 0, inPortal: 0 }, resumed: { throughOperator: 0, inPortal: 0 } };
  for (const kind of ["suspend", "resume"] as const) {
    for (;;) {
      const at = options.now();
      const claimed = await options.db.transaction(async (tx) => {
        const due = await lockDue(tx, kind, options.walletIds);
        if (due.length === 0) return 0;
        const counts = await applySystemChange(tx, due, "no_funds", kind, at);
        const total = kind === "suspend" ? summary.suspended : summary.resumed;
        total.throughOperator += counts.throughOperator;
        total.inPortal += counts.inPortal;
        return due.length;
      });
      if (claimed < BATCH || options.now().getTime() >= deadline) break;
    }
  }
  const send = options.send ?? sendMail;
  for (const message of notices) await send(message).catch((error: unknown) => logger.error("wallet notice not sent", { to: message.to, error }));
  return summary;
}

// The wallets below their minimum, share-locked: a top-up being recorded holds its wallet's row
// lock, so this waits for it and then reads the balance it left (a wallet it lifted is no longer
// below) instead of suspending SIMs the top-up just paid for.
async function lockWalletsBelowMinimum(tx: Tx, walletIds: readonly string[] | undefined): Promise<string[]> {
  const rows = await tx
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(sql`${wallets.balanceMicros} < ${wallets.minimumBalanceMinor} * ${MICROS_PER_MINOR}`, walletIds ? inArray(wallets.id, [...walletIds]) : undefined))
    .orderBy(asc(wallets.id))
    .for("share");
  return rows.map((row) => row.id);
}

async function lockDue(tx: Tx, kind: "suspend" | "resume", walletIds: readonly string[] | undefined): Promise<LockedSim[]> {
  const noOperation = notExists(
    tx
      .select({ one: sql`1` })
      .from(simOperations)
      .where(and(eq(simOperations.simId, sims.id), inArray(simOperations.state, ["queued", "requested"]))),
  );
  const below = kind === "suspend" ? await lockWalletsBelowMinimum(tx, walletIds) : [];
  if (kind === "suspend" && below.length === 0) return [];
  const condition =
    kind === "suspend"
      ? and(eq(sims.simType, "paygo"), inArray(sims.status, ["active", "activation_ready"]), blockingWallet(tx, below))
      : and(
          eq(sims.status, "suspended"),
          eq(sims.statusReason, "no_funds"),
          sql`NOT ${blockingWallet(tx, undefined)}`,
          // One wallet's run only lifts what that wallet held.
          walletIds
            ? sql`EXISTS (${tx
                .select({ one: sql`1` })
                .from(wallets)
                .where(and(inArray(wallets.id, [...walletIds]), eq(wallets.companyId, sims.companyId)))})`
            : undefined,
        );
  return tx
    .select(getTableColumns(sims))
    .from(sims)
    .where(and(condition, isNull(sims.retiredAt), noOperation))
    .orderBy(asc(sims.id))
    .limit(BATCH)
    .for("update", { skipLocked: true });
}
