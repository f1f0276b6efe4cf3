// GET /wallet: PAYGO wallets; platform staff every company's (and open new ones), company admins their company's.
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterField } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { listCompanyOptions } from "@/db/queries/plans";
import { listWallets } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { SUPPORTED_CURRENCIES } from "@/lib/plans/plan-amounts";
import { WalletAmount, WalletStateBadge } from "./money";
import { OpenWalletForm } from "./open-wallet-form";

export const metadata = { title: "Wallet · SIM Portal" };

export default async function WalletsPage({ searchParams }: { searchParams: Promise<{ company?: string | string[] }> }) {
  const viewer = await requirePermission("wallets:read");
  const scope = scopeOf(viewer);
  const platform = scope.kind === "platform";
  const { company } = await searchParams;
  const companyId = platform && typeof company === "string" && company !== "" ? company : undefined;
  const [wallets, companies] = await Promise.all([listWallets(scope, { companyId }), platform ? listCompanyOptions() : Promise.resolve([])]);
  const manage = can(viewer, "wallets:manage");

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Wallet"
        description={
          platform
            ? "Every company's PAYGO wallets: one per currency, charged per MB as usage arrives."
            : "Your PAYGO balance: one wallet per currency, charged per MB as your PAYGO SIMs use data. Below the minimum balance those SIMs are suspended until it is topped up."
        }
      />
      <div className="space-y-6">
        {platform ? (
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter wallets">
            <FilterField label="Company" className="w-60">
              <Select name="company" defaultValue={companyId ?? ""}>
                <option value="">All companies</option>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </FilterField>
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            {companyId ? (
              <Link href="/wallet" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
                Clear
              </Link>
            ) : null}
          </form>
        ) : null}

        {wallets.length === 0 ? (
          <EmptyState
            title={companyId ? "This company has no wallet yet" : "No wallets yet"}
            description={
              platform
                ? "A wallet opens when a company's PAYGO SIM first uses data, or when you open one below."
                : "A wallet opens when one of your PAYGO SIMs first uses data, or when the platform team opens one for you."
            }
          />
        ) : (
          <Table label="Wallets">
            <THead>
              <tr>
                {platform ? <TH>Company</TH> : null}
                <TH>Currency</TH>
                <TH align="right">Balance</TH>
                <TH align="right">Minimum</TH>
                <TH>State</TH>
                <TH align="right">PAYGO SIMs</TH>
                <TH>Last entry</TH>
                <TH>
                  <span className="sr-only">Open</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {wallets.map((wallet) => (
                <tr key={wallet.id} className="border-b border-slate-100 align-top text-sm last:border-b-0">
                  {platform ? <td className="px-3 py-2.5 font-medium text-slate-900">{wallet.companyName}</td> : null}
                  <td className="px-3 py-2.5 text-slate-700">{wallet.currency}</td>
                  <td className="px-3 py-2.5 text-right whitespace-nowrap text-slate-900">
                    <WalletAmount micros={wallet.balanceMicros} currency={wallet.currency} />
                  </td>
                  <td className="px-3 py-2.5 text-right whitespace-nowrap text-slate-700 tabular-nums">{formatMoney(wallet.minimumBalanceMinor, wallet.currency)}</td>
                  <td className="px-3 py-2.5">
                    <WalletStateBadge belowMinimum={wallet.belowMinimum} />
                  </td>
                  <td className="px-3 py-2.5 text-right text-slate-700 tabular-nums">{wallet.paygoSims.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">{wallet.lastEntryAt ? formatDateTime(wallet.lastEntryAt) : "—"}</td>
                  <td className="px-3 py-2.5 text-right whitespace-nowrap">
                    <Link href={`/wallet/${wallet.id}`} className="font-medium text-slate-900 hover:underline">
                      View<span className="sr-only"> {`${wallet.companyName} ${wallet.currency} wallet`}</span> →
                    </Link>
                  </td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}

        {manage ? (
          <Card>
            <CardHeader title="Open a wallet" description="For a company that pays PAYGO usage in a currency it has no wallet in yet." />
            <CardContent>
              <OpenWalletForm companies={companies} currencies={SUPPORTED_CURRENCIES} />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
