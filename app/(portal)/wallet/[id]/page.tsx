// GET /wallet/[id]: one PAYGO wallet, its history and monthly statements; its company's admins and
// platform staff, who also set the minimum and record top-ups and adjustments here.
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { findWallet, listStatementMonths, listWalletEntries } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { periodLabel } from "@/lib/billing/billing-period";
import { STAFF_NOTE_MAX_LENGTH } from "@/lib/billing/staff-note";
import { formatMoney } from "@/lib/money";
import { moneyForForm } from "@/lib/plans/plan-amounts";
import { WalletAmount, WalletStateBadge } from "../money";
import { TopUpByCard } from "./top-up-by-card";
import { WalletHistory } from "./wallet-history";
import { CreditForm, MinimumForm } from "./wallet-forms";

export const metadata = { title: "Wallet · SIM Portal" };

export default async function WalletPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string | string[] }> }) {
  const viewer = await requirePermission("wallets:read");
  const scope = scopeOf(viewer);
  const { id } = await params;
  const { after } = await searchParams;
  const cursor = typeof after === "string" ? after : undefined;
  const wallet = await findWallet(scope, id);
  if (!wallet) notFound();
  const [history, months] = await Promise.all([listWalletEntries(scope, wallet.id, { after: cursor }), listStatementMonths(scope, wallet.id)]);
  const manage = can(viewer, "wallets:manage");
  const platform = scope.kind === "platform";

  return (
    <div className="mx-auto max-w-5xl">
      <Link href="/wallet" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
        ← {platform ? "All wallets" : "Wallets"}
      </Link>
      <PageHeader
        className="mt-3"
        title={`${wallet.currency} wallet`}
        description={platform ? wallet.companyName : "Your PAYGO balance in this currency, what was charged and what was added."}
      />
      <div className="space-y-6">
        <Card>
          <CardContent className="space-y-5">
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <div className="text-xs font-medium text-slate-500">Balance</div>
                <WalletAmount micros={wallet.balanceMicros} currency={wallet.currency} className="mt-1 block text-2xl font-semibold text-slate-900" />
              </div>
              <WalletStateBadge belowMinimum={wallet.belowMinimum} />
            </div>
            <DetailList columns={3}>
              <DetailItem label="Minimum balance">
                <span className="tabular-nums">{formatMoney(wallet.minimumBalanceMinor, wallet.currency)}</span>
                <div className="text-xs text-slate-500">
                  {wallet.minimumBalanceMinor < 0 ? "A credit line: the balance may go this far below zero." : "Below it, PAYGO SIMs in this currency are suspended."}
                </div>
              </DetailItem>
              <DetailItem label="PAYGO SIMs">
                <span className="tabular-nums">{wallet.paygoSims.toLocaleString("en-US")}</span>
                <div className="text-xs text-slate-500">
                  On a PAYGO plan in {wallet.currency}
                  {wallet.heldSims > 0 ? `; ${wallet.heldSims.toLocaleString("en-US")} held for lack of funds` : wallet.belowMinimum && wallet.paygoSims > 0 ? "; being suspended for lack of funds" : ""}
                </div>
              </DetailItem>
              <DetailItem label="Time zone">
                {wallet.timeZone}
                <div className="text-xs text-slate-500">Statements run by calendar month here</div>
              </DetailItem>
            </DetailList>
          </CardContent>
        </Card>

        {can(viewer, "payments:pay") ? <TopUpByCard viewer={viewer} walletId={wallet.id} currency={wallet.currency} /> : null}

        {manage ? (
          <Card>
            <CardHeader title="Record a top-up or an adjustment" description="A top-up is money received outside the portal, such as a bank transfer; an adjustment corrects the balance either way." />
            <CardContent className="space-y-6">
              <CreditForm walletId={wallet.id} currency={wallet.currency} idempotencyKey={randomUUID()} noteMaxLength={STAFF_NOTE_MAX_LENGTH} />
              <div className="border-t border-slate-200 pt-5">
                <MinimumForm walletId={wallet.id} currency={wallet.currency} current={`${wallet.minimumBalanceMinor < 0 ? "-" : ""}${moneyForForm(wallet.minimumBalanceMinor, wallet.currency)}`} />
              </div>
            </CardContent>
          </Card>
        ) : null}

        <Card>
          <CardHeader title="Statements" description={`One per month with entries, in the company's time zone (${wallet.timeZone}).`} />
          <CardContent>
            {months.length === 0 ? (
              <p className="text-sm text-slate-500">No entries yet, so no statements.</p>
            ) : (
              <ul className="flex flex-wrap gap-2">
                {months.map((month) => (
                  <li key={month}>
                    <Link
                      href={`/wallet/${wallet.id}/statements/${month}`}
                      className="inline-flex rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 hover:text-slate-900"
                    >
                      {periodLabel(`${month}-01`)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <section aria-labelledby="wallet-history" className="space-y-3">
          <h2 id="wallet-history" className="text-sm font-semibold text-slate-900">
            History
          </h2>
          {history.entries.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-500">
              {cursor ? "No older entries." : "No entries yet: usage charges, top-ups and adjustments will be listed here."}
            </p>
          ) : (
            <WalletHistory entries={history.entries} currency={wallet.currency} />
          )}
          <nav aria-label="History pages" className="flex items-center justify-end gap-2">
            <PageLink href={cursor ? `/wallet/${wallet.id}` : null}>Newest</PageLink>
            <PageLink href={history.nextCursor ? `/wallet/${wallet.id}?after=${history.nextCursor}` : null}>Older →</PageLink>
          </nav>
        </section>
      </div>
    </div>
  );
}
