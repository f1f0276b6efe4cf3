import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { walletBelowMinimum } from "@/db/queries/wallets";
import { sims, wallets } from "@/db/schema";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import type { Tx } from "@/lib/sims/sim-change";
import { blockingWallet } from "./holds";
import { enforceLimit, type Limit, type LimitSummary } from "./system-status";
import { walletNotices } from "./wallet-notices";

// The `enforce-wallet-minimums` job, also run for one wallet right after a top-up or a new
// minimum. A PAYGO SIM whose company's wallet (in its plan's currency) is below the wallet's
// minimum is suspended by the system with reason no_funds; a SIM the system suspended for that
// reason is resumed once nothing holds it any more (the wallet is back at or above its minimum,
// or the SIM left PAYGO or the company). Through the operator when the integration can (Pending
// meanwhile), in the portal otherwise (system-status.ts runs it). The company's admins are
// e-mailed once each time a wallet falls below its minimum (wallet-notices.ts).

export type WalletLimitsSummary = LimitSummary & { notified: number };

export async function enforceWalletMinimums(options: {
  db: Db;
  now: () => Date;
  budgetMs?: number;
  walletIds?: readonly string[];
  send?: (message: MailMessage) => Promise<unknown>;
}): Promise<WalletLimitsSummary> {
  const notices = await walletNotices(options.db, options.now(), options.walletIds);
  const summary = await enforceLimit(walletLimit(options.walletIds), options);
  const send = options.send ?? sendMail;
  for (const message of notices) await send(message).catch((error: unknown) => logger.error("wallet notice not sent", { to: message.to, error }));
  return { notified: notices.length, ...summary };
}

function walletLimit(walletIds: readonly string[] | undefined): Limit {
  return {
    async due(tx, kind) {
      if (kind === "suspend") {
        const below = await lockWalletsBelowMinimum(tx, walletIds);
        return below.length === 0 ? null : (and(eq(sims.simType, "paygo"), inArray(sims.status, ["active", "activation_ready"]), blockingWallet(tx, below)) ?? null);
      }
      return (
        and(
          eq(sims.status, "suspended"),
          eq(sims.statusReason, "no_funds"),
          sql`NOT ${blockingWallet(tx)}`,
          // One wallet's run only lifts what that wallet held.
          walletIds
            ? sql`EXISTS (${tx
                .select({ one: sql`1` })
                .from(wallets)
                .where(and(inArray(wallets.id, [...walletIds]), eq(wallets.companyId, sims.companyId)))})`
            : undefined,
        ) ?? null
      );
    },
    reasonOf: () => "no_funds",
  };
}

// The wallets below their minimum, share-locked: a top-up being recorded holds its wallet's row
// lock, so this waits for it and then reads the balance it left (a wallet it lifted is no longer
// below) instead of suspending SIMs the top-up just paid for.
async function lockWalletsBelowMinimum(tx: Tx, walletIds: readonly string[] | undefined): Promise<string[]> {
  const rows = await tx
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(walletBelowMinimum, walletIds ? inArray(wallets.id, [...walletIds]) : undefined))
    .orderBy(asc(wallets.id))
    .for("share");
  return rows.map((row) => row.id);
}
