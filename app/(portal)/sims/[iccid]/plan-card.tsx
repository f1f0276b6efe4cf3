import { SIM_TYPE_LABELS } from "@/components/sims/sim-type-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetailPlan } from "@/db/queries/sim-detail";
import { formatMoney, formatRatePerMb } from "@/lib/money";
import { countryName } from "@/lib/sims/countries";
import { formatVolume, planName } from "@/lib/sims/plan-name";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { Missing, MiniTable, MiniTD, MiniTH } from "./detail-ui";

// The schema's check constraint guarantees each type's terms; the fallbacks only keep the
// types honest without a non-null assertion.
function money(minor: number | null, currency: string) {
  return minor === null ? <Missing /> : formatMoney(minor, currency);
}
function rate(micros: number | null, currency: string) {
  return micros === null ? <Missing /> : formatRatePerMb(micros, currency);
}
function volume(bytes: number | null) {
  return bytes === null ? <Missing /> : formatVolume(bytes);
}

function PrepaidTerms({ plan }: { plan: SimDetailPlan }) {
  return (
    <>
      <DetailList columns={3}>
        <DetailItem label="Price">{money(plan.priceMinor, plan.currency)}</DetailItem>
        <DetailItem label="Data">{volume(plan.dataBytes)}</DetailItem>
        <DetailItem label="Validity">{plan.validityDays === null ? <Missing /> : `${plan.validityDays} days`}</DetailItem>
      </DetailList>
      <h3 className="mt-5 mb-2 text-xs font-medium text-slate-500">Refill packages</h3>
      {plan.refillPackages.length === 0 ? (
        <p className="text-sm text-slate-500">No refill packages on this plan.</p>
      ) : (
        <MiniTable label="Refill packages">
          <thead>
            <tr>
              <MiniTH>Data</MiniTH>
              <MiniTH numeric>Validity</MiniTH>
              <MiniTH numeric>Price</MiniTH>
            </tr>
          </thead>
          <tbody>
            {plan.refillPackages.map((p) => (
              <tr key={p.id}>
                <MiniTD>{formatVolume(p.dataBytes)}</MiniTD>
                <MiniTD numeric>{p.validityDays} days</MiniTD>
                <MiniTD numeric>{formatMoney(p.priceMinor, plan.currency)}</MiniTD>
              </tr>
            ))}
          </tbody>
        </MiniTable>
      )}
    </>
  );
}

function SubscriptionTerms({ plan }: { plan: SimDetailPlan }) {
  return (
    <DetailList columns={3}>
      <DetailItem label="Monthly fee">{money(plan.monthlyFeeMinor, plan.currency)}</DetailItem>
      <DetailItem label="Included data">{volume(plan.includedBytes)}</DetailItem>
      <DetailItem label="Beyond included data">{rate(plan.overagePerMbMicros, plan.currency)}</DetailItem>
    </DetailList>
  );
}

function PaygoTerms({ plan }: { plan: SimDetailPlan }) {
  return (
    <>
      <DetailList>
        <DetailItem label="Default rate" wide>
          {rate(plan.defaultPerMbMicros, plan.currency)}
          <span className="ml-1 text-xs text-slate-500">where no country rate applies</span>
        </DetailItem>
      </DetailList>
      <h3 className="mt-5 mb-2 text-xs font-medium text-slate-500">Rates by country</h3>
      {plan.countryRates.length === 0 ? (
        <p className="text-sm text-slate-500">No country rates: the default rate applies everywhere.</p>
      ) : (
        <MiniTable label="Rates by country">
          <thead>
            <tr>
              <MiniTH>Country</MiniTH>
              <MiniTH numeric>Rate</MiniTH>
            </tr>
          </thead>
          <tbody>
            {plan.countryRates.map((r) => (
              <tr key={r.countryCode}>
                <MiniTD>{countryName(r.countryCode)}</MiniTD>
                <MiniTD numeric>{formatRatePerMb(r.perMbMicros, plan.currency)}</MiniTD>
              </tr>
            ))}
          </tbody>
        </MiniTable>
      )}
    </>
  );
}

export function PlanCard({ plan, operatorName }: { plan: SimDetailPlan | null; operatorName: string }) {
  if (!plan) {
    return (
      <Card>
        <CardHeader title="Plan" />
        <CardContent>
          <p className="text-sm text-slate-500">No plan is assigned to this SIM.</p>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader
        title="Plan"
        actions={plan.retired ? <Badge tone="amber">Retired</Badge> : <Badge tone="slate">v{plan.version}</Badge>}
      />
      <CardContent className="space-y-5">
        <DetailList>
          <DetailItem label="Name" wide>
            <span className="font-medium">{planName(operatorName, plan)}</span>
          </DetailItem>
          <DetailItem label="Type">{SIM_TYPE_LABELS[plan.type]}</DetailItem>
          <DetailItem label="Currency">{plan.currency}</DetailItem>
        </DetailList>
        <div className="border-t border-slate-100 pt-4">
          {plan.type === "prepaid" ? <PrepaidTerms plan={plan} /> : null}
          {plan.type === "subscription" ? <SubscriptionTerms plan={plan} /> : null}
          {plan.type === "paygo" ? <PaygoTerms plan={plan} /> : null}
        </div>
      </CardContent>
    </Card>
  );
}
