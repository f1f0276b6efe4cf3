import type { ReactNode } from "react";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { formatMoney, formatRatePerMb } from "@/lib/money";
import { currencyExponent, rateForForm } from "@/lib/plans/plan-amounts";
import type { PlanTermsValues } from "@/lib/plans/plan-input";
import { countryName } from "@/lib/sims/countries";
import { formatVolume } from "@/lib/sims/plan-name";

// A plan's terms as stored, read-only: the staff plan page. The schema's check constraint
// guarantees each type's terms; the dash only keeps the types honest without an assertion.

const dash = <span className="text-slate-400">—</span>;
const money = (minor: number | null, currency: string) => (minor === null ? dash : formatMoney(minor, currency));
// lib/money.ts shows rates to 6 decimals; a finer rate (plans take 6 beyond the minor unit) is
// written out exactly rather than shown rounded.
function exactRate(micros: number, currency: string): string {
  return micros % 10 ** currencyExponent(currency) === 0 ? formatRatePerMb(micros, currency) : `${rateForForm(micros, currency)} ${currency}/MB`;
}
const rate = (micros: number | null, currency: string) => (micros === null ? dash : exactRate(micros, currency));
const volume = (bytes: number | null) => (bytes === null ? dash : formatVolume(bytes));

function SmallTable({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-medium text-slate-500 ${i > 0 ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr key={r}>
              {cells.map((cell, i) => (
                <td key={i} className={`border-b border-slate-100 px-3 py-1.5 text-slate-700 [tr:last-child>&]:border-b-0 ${i > 0 ? "text-right tabular-nums" : ""}`}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PlanTermsView({ terms }: { terms: PlanTermsValues }) {
  const cur = terms.currency;
  if (terms.type === "subscription") {
    return (
      <DetailList columns={3}>
        <DetailItem label="Monthly fee">{money(terms.monthlyFeeMinor, cur)}</DetailItem>
        <DetailItem label="Included data">{volume(terms.includedBytes)}</DetailItem>
        <DetailItem label="Beyond included data">{rate(terms.overagePerMbMicros, cur)}</DetailItem>
      </DetailList>
    );
  }
  if (terms.type === "paygo") {
    return (
      <div className="space-y-4">
        <DetailList>
          <DetailItem label="Default price" wide>
            {rate(terms.defaultPerMbMicros, cur)} <span className="text-xs text-slate-500">where no country price applies</span>
          </DetailItem>
        </DetailList>
        {terms.countryRates.length === 0 ? (
          <p className="text-sm text-slate-500">No country prices: the default price applies everywhere.</p>
        ) : (
          <SmallTable label="Prices by country" head={["Country", "Price"]} rows={terms.countryRates.map((r) => [countryName(r.countryCode), exactRate(r.perMbMicros, cur)])} />
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <DetailList columns={3}>
        <DetailItem label="Price">{money(terms.priceMinor, cur)}</DetailItem>
        <DetailItem label="Data">{volume(terms.dataBytes)}</DetailItem>
        <DetailItem label="Validity">{terms.validityDays === null ? dash : `${terms.validityDays} days`}</DetailItem>
      </DetailList>
      {terms.refillPackages.length === 0 ? (
        <p className="text-sm text-slate-500">No refill packages on this plan.</p>
      ) : (
        <SmallTable
          label="Refill packages"
          head={["Data", "Validity", "Price"]}
          rows={terms.refillPackages.map((p) => [formatVolume(p.dataBytes), `${p.validityDays} days`, formatMoney(p.priceMinor, cur)])}
        />
      )}
    </div>
  );
}
