import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { walletBelowMinimum } from "@/db/queries/wallets";
import { companies, users, wallets } from "@/db/schema";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import type { MailMessage } from "@/lib/mail";
import { formatMicros } from "./wallet-money";

// Each time a wallet falls below its minimum balance, its company's admins are told once: the
// PAYGO SIMs in that currency are being suspended, and a top-up resumes them. The mark is set in
// the same statement that picks the wallet (so two runs never both send it) and cleared once the
// balance is back, which arms the next notice.

// Without AUTH_URL the portal does not know its public address: no link rather than a wrong one.
function walletLink(walletId: string): string {
  const base = env().AUTH_URL;
  return base ? `The wallet: ${new URL(`/wallet/${walletId}`, base).toString()}` : "Open Wallet in the portal to see it and its history.";
}

export async function walletNotices(db: Db, at: Date, walletIds?: readonly string[]): Promise<MailMessage[]> {
  const only = walletIds ? inArray(wallets.id, [...walletIds]) : undefined;
  await db
    .update(wallets)
    .set({ belowMinimumNotifiedAt: null })
    .where(and(sql`NOT ${walletBelowMinimum}`, isNotNull(wallets.belowMinimumNotifiedAt), only));
  const fallen = await db
    .update(wallets)
    .set({ belowMinimumNotifiedAt: at })
    .where(and(walletBelowMinimum, isNull(wallets.belowMinimumNotifiedAt), only))
    .returning({ id: wallets.id, companyId: wallets.companyId, currency: wallets.currency, balanceMicros: wallets.balanceMicros, minimumBalanceMinor: wallets.minimumBalanceMinor });
  if (fallen.length === 0) return [];
  const admins = await db
    .select({ companyId: users.companyId, email: users.email, companyName: companies.name })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.role, "company_admin"), eq(users.active, true), inArray(users.companyId, [...new Set(fallen.map((w) => w.companyId))])));
  return fallen.flatMap((wallet) =>
    admins
      .filter((admin) => admin.companyId === wallet.companyId)
      .map((admin) => ({
        to: admin.email,
        subject: `Your ${wallet.currency} wallet is below its minimum balance: PAYGO SIMs are being suspended`,
        text: [
          `${admin.companyName}'s ${wallet.currency} wallet has a balance of ${formatMicros(wallet.balanceMicros, wallet.currency).rounded}, below its minimum of ${formatMoney(wallet.minimumBalanceMinor, wallet.currency)}.`,
          `Your PAYGO SIMs on ${wallet.currency} plans are being suspended. They resume by themselves once the balance is back at or above the minimum.`,
          walletLink(wallet.id),
        ].join("\n\n"),
      })),
  );
}
