import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { WalletEntryRow } from "@/db/queries/wallets";
import { formatExactMb } from "@/lib/billing/invoice-lines";
import { formatMicros } from "@/lib/billing/wallet-money";
import { formatDateTime } from "@/lib/format";
import { formatRatePerMb } from "@/lib/money";
import { countryName } from "@/lib/sims/countries";

const KINDS: Record<string, { label: string; tone: BadgeTone }> = {
  usage: { label: "Usage", tone: "slate" },
  top_up: { label: "Top-up", tone: "green" },
  adjustment: { label: "Adjustment", tone: "amber" },
};

// An entry is usually a fraction of a cent: shown with every digit, signed as it moved the balance.
function ExactAmount({ micros, currency }: { micros: number; currency: string }) {
  const { rounded, exact } = formatMicros(micros, currency);
  return (
    <span className="tabular-nums">
      {micros > 0 ? "+" : ""}
      {exact ?? rounded}
    </span>
  );
}

// One page of a wallet's entries, newest first; amounts signed as they moved the balance.
export function WalletHistory({ entries, currency }: { entries: readonly WalletEntryRow[]; currency: string }) {
  return (
    <Table label="Wallet history">
      <THead>
        <tr>
          <TH>Date</TH>
          <TH>Entry</TH>
          <TH>Details</TH>
          <TH align="right">Amount</TH>
        </tr>
      </THead>
      <TBody>
        {entries.map((entry) => {
          const kind = KINDS[entry.kind] ?? { label: entry.kind, tone: "gray" as const };
          return (
            <tr key={entry.id} className="border-b border-slate-100 align-top text-sm last:border-b-0">
              <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">{formatDateTime(entry.occurredAt)}</td>
              <td className="px-3 py-2.5">
                <Badge tone={kind.tone}>{kind.label}</Badge>
              </td>
              <td className="px-3 py-2.5 text-slate-700">
                {entry.kind === "usage" ? (
                  <>
                    {entry.iccid ? (
                      <Link href={`/sims/${entry.iccid}`} className="font-mono text-xs text-slate-900 hover:underline">
                        {entry.iccid}
                      </Link>
                    ) : null}
                    <div className="text-xs text-slate-500">
                      {entry.countryCode ? countryName(entry.countryCode) : "Unknown network"} · {formatExactMb(entry.bytes ?? 0)}
                      {entry.ratePerMbMicros === null ? "" : ` at ${formatRatePerMb(entry.ratePerMbMicros, currency)}`}
                    </div>
                  </>
                ) : (
                  <>
                    <div className="text-slate-900">{entry.note}</div>
                    {entry.createdByEmail ? <div className="text-xs text-slate-500">by {entry.createdByEmail}</div> : null}
                  </>
                )}
              </td>
              <td className={`px-3 py-2.5 text-right whitespace-nowrap ${entry.amountMicros > 0 ? "text-green-700" : "text-slate-900"}`}>
                <ExactAmount micros={entry.amountMicros} currency={currency} />
              </td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
