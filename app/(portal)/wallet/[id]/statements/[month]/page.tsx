// GET /wallet/[id]/statements/[month]: a wallet's statement for one billing month ("2026-03"), printable; its company's admins and platform staff.
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { DocumentToolbar } from "@/components/ui/document-toolbar";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { findWalletStatement } from "@/db/queries/wallets";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { periodLabel } from "@/lib/billing/billing-period";
import { formatExactMb } from "@/lib/billing/invoice-lines";
import { formatMicros } from "@/lib/billing/wallet-money";
import { formatDate, formatDateTime } from "@/lib/format";
import { formatRatePerMb } from "@/lib/money";
import { countryName } from "@/lib/sims/countries";
import { WalletAmount } from "../../../money";

export const metadata = { title: "Wallet statement · SIM Portal" };

// As on the invoice page: on paper only the document shows.
// The page shows this many usage lines; the CSV has them all.
const PAGE_LINES = 2_000;

export default async function WalletStatementPage({ params }: { params: Promise<{ id: string; month: string }> }) {
  const viewer = await requirePermission("wallets:read");
  const { id, month } = await params;
  const statement = await findWalletStatement(scopeOf(viewer), id, month);
  if (!statement) notFound();
  const { wallet, period, totals } = statement;
  const currency = wallet.currency;
  const exact = (micros: number) => {
    const f = formatMicros(micros, currency);
    return f.exact ?? f.rounded;
  };
  const lastDay = new Date(`${period.end}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  const lines = statement.lines.slice(0, PAGE_LINES);

  return (
    <div className="mx-auto max-w-5xl space-y-6 print:max-w-none print:space-y-4">
      <DocumentToolbar backHref={`/wallet/${wallet.id}`} backLabel={`${currency} wallet`} csvHref={`/wallet/${wallet.id}/statements/${statement.month}/csv`} />

      <Card className="print:border-0 print:shadow-none">
        <CardContent className="space-y-6">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h1 className="text-xl font-semibold tracking-tight text-slate-900">Wallet statement, {periodLabel(period.start)}</h1>
              <p className="mt-1 text-sm text-slate-600">{wallet.companyName}</p>
            </div>
            <div className="text-right">
              <div className="text-xs font-medium text-slate-500">Closing balance</div>
              <WalletAmount micros={statement.closingMicros} currency={currency} className="block text-2xl font-semibold text-slate-900" />
            </div>
          </div>
          <DetailList columns={3}>
            <DetailItem label="Period">
              {periodLabel(period.start)}
              <div className="text-xs text-slate-500">
                {formatDate(new Date(`${period.start}T00:00:00Z`))} – {formatDate(lastDay)}, {period.timeZone}
              </div>
            </DetailItem>
            <DetailItem label="Currency">{currency}</DetailItem>
            <DetailItem label="Opening balance">
              <WalletAmount micros={statement.openingMicros} currency={currency} />
            </DetailItem>
          </DetailList>
        </CardContent>
      </Card>

      <section aria-labelledby="statement-usage" className="space-y-3">
        <h2 id="statement-usage" className="text-sm font-semibold text-slate-900">
          Usage
        </h2>
        <Table label="Usage lines" containerClassName="max-h-none print:overflow-visible print:border-0 print:shadow-none">
          <THead>
            <tr>
              <TH>SIM (ICCID)</TH>
              <TH>Country</TH>
              <TH align="right">Data</TH>
              <TH align="right">Rate</TH>
              <TH align="right">Charge</TH>
            </tr>
          </THead>
          <TBody>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-4 text-center text-sm text-slate-500">
                  No PAYGO usage this month.
                </td>
              </tr>
            ) : null}
            {lines.map((line) => (
              <tr key={`${line.simId}|${line.countryCode ?? ""}|${line.ratePerMbMicros}`} className="border-b border-slate-100 align-top text-sm">
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-900">{line.iccid}</td>
                <td className="px-3 py-2 text-slate-700">{line.countryCode ? `${countryName(line.countryCode)} (${line.countryCode})` : "Unknown network"}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-slate-700 tabular-nums">{formatExactMb(line.bytes)}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-slate-700 tabular-nums">{formatRatePerMb(line.ratePerMbMicros, currency)}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-slate-900 tabular-nums">{exact(line.chargeMicros)}</td>
              </tr>
            ))}
            <tr className="text-sm">
              <th scope="row" colSpan={2} className="px-3 py-3 text-right font-semibold text-slate-900">
                Total usage
              </th>
              <td className="px-3 py-3 text-right font-semibold whitespace-nowrap text-slate-900 tabular-nums">{formatExactMb(totals.usageBytes)}</td>
              <td />
              <td className="px-3 py-3 text-right font-semibold whitespace-nowrap text-slate-900">
                <WalletAmount micros={totals.usageChargeMicros} currency={currency} />
              </td>
            </tr>
          </TBody>
        </Table>
        {statement.lines.length > lines.length ? (
          <p role="status" className="text-sm text-slate-600">
            Showing the first {lines.length.toLocaleString("en-US")} of {statement.lines.length.toLocaleString("en-US")} lines; the totals cover them all,
            and the CSV download lists every line.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="statement-credits" className="space-y-3 print:break-inside-avoid">
        <h2 id="statement-credits" className="text-sm font-semibold text-slate-900">
          Top-ups and adjustments
        </h2>
        <Table label="Top-ups and adjustments" containerClassName="max-h-none print:overflow-visible print:border-0 print:shadow-none">
          <THead>
            <tr>
              <TH>Date</TH>
              <TH>Entry</TH>
              <TH>Note</TH>
              <TH align="right">Amount</TH>
            </tr>
          </THead>
          <TBody>
            {statement.credits.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-3 py-4 text-center text-sm text-slate-500">
                  None this month.
                </td>
              </tr>
            ) : null}
            {statement.credits.map((credit) => (
              <tr key={credit.id} className="border-b border-slate-100 align-top text-sm">
                <td className="px-3 py-2 whitespace-nowrap text-slate-700">{formatDateTime(credit.occurredAt)}</td>
                <td className="px-3 py-2">
                  <Badge tone={credit.kind === "top_up" ? "green" : "amber"}>{credit.kind === "top_up" ? "Top-up" : "Adjustment"}</Badge>
                </td>
                <td className="px-3 py-2 text-slate-700">
                  {credit.note}
                  {credit.createdByEmail ? <div className="text-xs text-slate-500">by {credit.createdByEmail}</div> : null}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-slate-900">
                  <WalletAmount micros={credit.amountMicros} currency={currency} signed />
                </td>
              </tr>
            ))}
          </TBody>
        </Table>
      </section>

      <Card className="print:break-inside-avoid print:border-0 print:shadow-none">
        <CardContent>
          <dl className="ml-auto max-w-sm space-y-2 text-sm">
            <SummaryRow label="Opening balance" micros={statement.openingMicros} currency={currency} />
            <SummaryRow label="Usage" micros={-totals.usageChargeMicros} currency={currency} />
            <SummaryRow label="Top-ups and adjustments" micros={totals.creditsMicros} currency={currency} signed />
            <div className="border-t border-slate-200 pt-2">
              <SummaryRow label="Closing balance" micros={statement.closingMicros} currency={currency} strong />
            </div>
          </dl>
        </CardContent>
      </Card>
      <p className="text-xs text-slate-500">
        PAYGO data is priced per MB (1 MB = 1,000,000 bytes) at the plan&apos;s rate for the visited country, or its default rate where it has
        none or the network was not reported. Charges are kept in millionths of the currency&apos;s smallest unit, so each line is the exact sum of its charges; amounts shown
        without the extra digits are rounded for display only. Dates are in UTC; the month runs in {period.timeZone}.
      </p>
    </div>
  );
}

function SummaryRow({ label, micros, currency, signed = false, strong = false }: { label: string; micros: number; currency: string; signed?: boolean; strong?: boolean }) {
  return (
    <div className={`flex items-start justify-between gap-6 ${strong ? "font-semibold text-slate-900" : "text-slate-700"}`}>
      <dt>{label}</dt>
      <dd className="text-right whitespace-nowrap">
        <WalletAmount micros={micros} currency={currency} signed={signed} />
      </dd>
    </div>
  );
}
