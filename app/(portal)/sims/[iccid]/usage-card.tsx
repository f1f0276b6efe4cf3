import Link from "next/link";
import { UsageChart } from "@/components/sims/usage-chart";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { type SimDetail, simFactsOf, USAGE_DAYS } from "@/db/queries/sim-detail";
import { formatDate, formatDateTime } from "@/lib/format";
import { formatMicros } from "@/lib/billing/wallet-money";
import { countryName } from "@/lib/sims/countries";
import { type Cell, dataLeftCell, daysLeftCell, hasProduct, isIntegrated, thisMonthCell } from "@/lib/sims/sim-view";
import { type CountryShare, countryShares, formatShare, formatUsageMb } from "@/lib/sims/usage-series";
import { Callout, MiniTable, MiniTD, MiniTH } from "./detail-ui";

/** Who is reading: the "no product" callout tells each of them what they can do about it. */
export type Audience = "staff" | "company_admin" | "end_user";

const NO_PRODUCT_NEXT_STEP: Record<Audience, string | null> = {
  staff: "(Platform staff can assign a plan and company.)",
  company_admin: "Ask platform staff to assign a plan.",
  end_user: null,
};

// `quiet`: the card's callout already says why the figures are missing, once, not three times.
function Stat({ label, cell, note, quiet }: { label: string; cell: Cell; note?: string; quiet: boolean }) {
  const caption = quiet ? undefined : (cell.hint ?? note);
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2.5">
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold text-slate-900 tabular-nums" title={cell.hint}>
        {cell.text}
      </div>
      {caption ? <div className="mt-0.5 text-xs text-slate-500">{caption}</div> : null}
    </div>
  );
}

function ByCountry({ rows }: { rows: SimDetail["usageByCountry"] }) {
  const shares = countryShares(rows);
  return (
    <MiniTable label={`Data used by country, last ${USAGE_DAYS} days`}>
      <thead>
        <tr>
          <MiniTH>Country</MiniTH>
          <MiniTH numeric>MB</MiniTH>
          <MiniTH numeric>Share</MiniTH>
        </tr>
      </thead>
      <tbody>
        {shares.map((r) => (
          <tr key={r.countryCode ?? (r.networkReported ? "international" : "unreported")}>
            <MiniTD>{countryLabel(r)}</MiniTD>
            <MiniTD numeric>{formatUsageMb(r.bytes)}</MiniTD>
            <MiniTD numeric>
              <span className="inline-flex items-center justify-end gap-2">
                <span className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-slate-100 sm:inline-block" aria-hidden="true">
                  <span className="block h-full rounded-full bg-blue-500" style={{ width: `${Math.round(r.share * 100)}%` }} />
                </span>
                {formatShare(r.share)}
              </span>
            </MiniTD>
          </tr>
        ))}
      </tbody>
    </MiniTable>
  );
}

function UsageBody({ sim, audience }: { sim: SimDetail; audience: Audience }) {
  const facts = simFactsOf(sim);
  if (!isIntegrated(facts.operatorDriver)) {
    return (
      <Callout tone="neutral">
        This operator has no integration, so session state and usage are not available (N/A).
      </Callout>
    );
  }
  if (!hasProduct(facts)) {
    const nextStep = NO_PRODUCT_NEXT_STEP[audience];
    return (
      <Callout tone="warning" title="Why can't I see any usage?">
        The product has not been created: attach the SIM to a plan and a company.{nextStep ? ` ${nextStep}` : null}
      </Callout>
    );
  }
  const total = sim.usageByDay.reduce((sum, d) => sum + d.bytes, 0);
  if (total === 0 && sim.lastUsageAt === null) {
    return <Callout tone="neutral">This SIM hasn&apos;t generated any usage so far.</Callout>;
  }
  return (
    <div className="space-y-5">
      <section aria-labelledby="usage-by-day">
        <h3 id="usage-by-day" className="mb-2 text-xs font-medium text-slate-500">
          Data used per day, last {USAGE_DAYS} days (MB)
        </h3>
        <UsageChart days={sim.usageByDay} />
      </section>
      {sim.usageByCountry.length > 0 ? (
        <section aria-labelledby="usage-by-country">
          <h3 id="usage-by-country" className="mb-2 text-xs font-medium text-slate-500">
            By country, last {USAGE_DAYS} days
          </h3>
          <ByCountry rows={sim.usageByCountry} />
        </section>
      ) : null}
    </div>
  );
}

export function UsageCard({ sim, audience, now }: { sim: SimDetail; audience: Audience; now: Date }) {
  const facts = simFactsOf(sim);
  const quiet = !isIntegrated(facts.operatorDriver) || !hasProduct(facts);
  return (
    <Card>
      <CardHeader
        title="Usage"
        description={sim.lastUsageAt ? `Last usage ${formatDateTime(sim.lastUsageAt)}` : undefined}
      />
      <CardContent className="space-y-5">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          {sim.simType === "paygo" && audience !== "end_user" && !quiet ? (
            <PaygoCharged sim={sim} />
          ) : (
            <Stat label="Data left (MB)" cell={dataLeftCell(facts, now)} quiet={quiet} />
          )}
          <Stat
            label="Days left"
            cell={daysLeftCell(facts, now)}
            quiet={quiet}
            note={sim.validUntil ? `Valid until ${formatDate(sim.validUntil)}` : undefined}
          />
          <Stat label="This month (MB)" cell={thisMonthCell(facts, now)} note="Calendar month, UTC" quiet={quiet} />
        </div>
        <UsageBody sim={sim} audience={audience} />
      </CardContent>
    </Card>
  );
}

// PAYGO has no data balance: what the SIM cost this month, charged to the company's wallet.
function PaygoCharged({ sim }: { sim: SimDetail }) {
  const currency = sim.paygoCharges[0]?.currency ?? sim.plan?.currency;
  if (!currency) return <Stat label="Charged this month" cell={{ text: "—" }} quiet />;
  const micros = sim.paygoCharges.reduce((sum, c) => (c.currency === currency ? sum + c.chargedMicros : sum), 0);
  const walletId = sim.paygoCharges[0]?.walletId;
  const charged = formatMicros(micros, currency);
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2.5">
      <div className="text-xs font-medium text-slate-500">Charged this month</div>
      <div className="mt-1 text-xl font-semibold text-slate-900 tabular-nums" title={charged.exact ? `Exactly ${charged.exact}` : undefined}>
        {charged.rounded}
      </div>
      <div className="mt-0.5 text-xs text-slate-500">
        PAYGO, per MB from the company&apos;s {currency} wallet
        {walletId ? (
          <>
            {" · "}
            <Link className="text-blue-700 underline-offset-2 hover:underline" href={`/wallet/${walletId}`}>
              Wallet
            </Link>
          </>
        ) : null}
      </div>
    </div>
  );
}

function countryLabel(r: CountryShare): string {
  if (r.countryCode !== null) return countryName(r.countryCode);
  return r.networkReported ? "International networks" : "Not reported by the operator";
}
