import { SimTypeBadge } from "@/components/sims/sim-type-badge";
import { StatusBadge } from "@/components/sims/status-badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { formatDateTime } from "@/lib/format";
import { countryName } from "@/lib/sims/countries";
import { inSessionLabel, isIntegrated } from "@/lib/sims/sim-view";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { Missing, Mono } from "./detail-ui";
import { REASON_LABELS, STATUS_MEANINGS } from "./labels";

function Optional({ value, mono = false }: { value: string | null; mono?: boolean }) {
  if (!value) return <Missing />;
  return mono ? <Mono>{value}</Mono> : <>{value}</>;
}

export function OverviewCard({ sim }: { sim: SimDetail }) {
  const integrated = isIntegrated(sim.operator.driver);
  return (
    <Card>
      <CardHeader title="Overview" />
      <CardContent>
        <DetailList>
          <DetailItem label="Status" wide>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <StatusBadge status={sim.status} />
              {sim.statusReason ? <span className="text-slate-600">{REASON_LABELS[sim.statusReason]}</span> : null}
              <span className="text-xs text-slate-500">since {formatDateTime(sim.statusChangedAt)}</span>
            </div>
            {sim.statusDetail ? <p className="mt-1 text-sm text-slate-700">{sim.statusDetail}</p> : null}
            {/* Activation ready gets its own callout at the top of the page. */}
            {sim.status !== "activation_ready" ? <p className="mt-1 text-xs text-slate-500">{STATUS_MEANINGS[sim.status]}</p> : null}
          </DetailItem>
          <DetailItem label="In session">
            <span title={integrated ? undefined : "This operator has no integration, so the portal cannot know"}>
              {inSessionLabel(sim)}
            </span>
            {integrated && sim.sessionUpdatedAt ? (
              <span className="ml-2 text-xs text-slate-500">since {formatDateTime(sim.sessionUpdatedAt)}</span>
            ) : null}
          </DetailItem>
          <DetailItem label="SIM type">
            <SimTypeBadge type={sim.simType} />
          </DetailItem>
          <DetailItem label="Operator">
            {sim.operator.name}
            <span className="ml-1 text-slate-500">
              · {countryName(sim.operator.countryCode)} · {sim.operator.currency}
            </span>
          </DetailItem>
          <DetailItem label="MSISDN">
            <Optional value={sim.msisdn} mono />
          </DetailItem>
          <DetailItem label="IMSI">
            <Optional value={sim.imsi} mono />
          </DetailItem>
          {sim.formFactor === "esim" ? (
            <DetailItem label="EID">
              <Optional value={sim.eid} mono />
            </DetailItem>
          ) : null}
          <DetailItem label="Company">
            {sim.companyName ?? <Missing label="No company" />}
          </DetailItem>
          <DetailItem label="End user">
            {sim.endUserEmail ? <span className="break-all">{sim.endUserEmail}</span> : <Missing label="No end user" />}
          </DetailItem>
          <DetailItem label="Store use">{sim.storeUse ? "Yes — kept for the eSIM store" : "No"}</DetailItem>
          <DetailItem label="Created">{formatDateTime(sim.createdAt)}</DetailItem>
        </DetailList>
      </CardContent>
    </Card>
  );
}
