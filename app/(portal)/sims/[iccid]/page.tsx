import { randomUUID } from "node:crypto";
// GET /sims/[iccid]: one SIM's details, for any signed-in viewer whose scope includes the SIM.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FormFactorBadge } from "@/components/sims/form-factor-badge";
import { SimTypeBadge } from "@/components/sims/sim-type-badge";
import { StatusBadge } from "@/components/sims/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntries } from "@/db/queries/audit";
import { findSimDetail } from "@/db/queries/sim-detail";
import { can } from "@/lib/auth/permissions";
import { scopeOf, requireViewer, type Scope } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { formatMoney } from "@/lib/money";
import { offeredOperations } from "@/lib/sims/operations";
import { formatVolume, planName } from "@/lib/sims/plan-name";
import { canOfferSwap } from "@/lib/sims/swap";
import { capabilitiesOfDriver } from "@/operators/registry";
import { ChangesCard } from "./changes-card";
import { CardRefillCard } from "./card-refill-card";
import { Callout } from "./detail-ui";
import { EndUserCard } from "./end-user-card";
import { EsimInstallCard } from "./esim-install";
import { LabelsCard } from "./labels-card";
import { NotesCard } from "./notes-card";
import { OperationButtons } from "./operation-buttons";
import { OverviewCard } from "./overview-card";
import { PlanCard } from "./plan-card";
import { RefillCard } from "./refill-card";
import { ProductCard } from "./product-card";
import { StatusHistoryCard } from "./status-history-card";
import { SwapCard, SwapLinks } from "./swap-card";
import { type Audience, UsageCard } from "./usage-card";

type Props = { params: Promise<{ iccid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { iccid } = await params;
  // The title echoes the URL, never the database: it must not differ for a SIM the viewer
  // cannot see, and only a well-formed ICCID is repeated back.
  return { title: /^\d{18,22}$/.test(iccid) ? `SIM ${iccid}` : "SIM" };
}

function audienceOf(scope: Scope): Audience {
  if (scope.kind === "platform") return "staff";
  return scope.kind === "company" ? "company_admin" : "end_user";
}

export default async function SimDetailPage({ params }: Props) {
  const { iccid } = await params;
  const viewer = await requireViewer();
  const scope = scopeOf(viewer);
  const sim = await findSimDetail(scope, iccid);
  if (!sim) notFound();
  const clock = now();
  const operations = can(viewer, "sims:operate") ? offeredOperations(sim, capabilitiesOfDriver(sim.operator.driver)) : [];
  const changes = can(viewer, "audit:read") ? (await listAuditEntries(scope, { targetType: "sim", targetId: sim.iccid }, 10)).rows : null;
  const refillPlan = sim.plan;

  return (
    <div className="mx-auto max-w-7xl">
      <Link
        href="/sims"
        className="mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
      >
        <span aria-hidden="true">←</span> All SIMs
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <span className="sr-only">SIM </span>
            <span className="font-mono tracking-tight break-all">{sim.iccid}</span>
            <span className="flex flex-wrap items-center gap-1.5 text-sm font-normal tracking-normal">
              <StatusBadge status={sim.status} />
              <FormFactorBadge formFactor={sim.formFactor} />
              {sim.simType ? <SimTypeBadge type={sim.simType} /> : null}
            </span>
          </span>
        }
        actions={operations.length > 0 ? <OperationButtons iccid={sim.iccid} kinds={operations} /> : undefined}
        description={
          <>
            {sim.operator.name}
            {sim.plan ? ` · ${planName(sim.operator.name, sim.plan)}` : null}
            {sim.companyName ? ` · ${sim.companyName}` : null}
          </>
        }
      />

      <SwapLinks sim={sim} />

      {sim.status === "pending" && sim.statusReason === "user" ? (
        <Callout tone="info" title="Waiting for the operator" className="mb-5">
          {sim.statusDetail ?? "An operation is running"}: the SIM stays Pending until the operator confirms, then shows the result here.
        </Callout>
      ) : null}

      {sim.status === "activation_ready" ? (
        <Callout tone="info" title="What does Activation ready mean?" className="mb-5">
          Active at the operator with no usage yet; the first usage makes it Active.
        </Callout>
      ) : null}

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-5 lg:col-span-2">
          <OverviewCard sim={sim} />
          <UsageCard sim={sim} audience={audienceOf(scope)} now={clock} />
          {can(viewer, "payments:pay") && sim.simType === "prepaid" && sim.retiredAt === null ? <CardRefillCard viewer={viewer} iccid={sim.iccid} /> : null}
          <StatusHistoryCard history={sim.statusHistory} />
          {changes ? <ChangesCard iccid={sim.iccid} entries={changes} /> : null}
        </div>
        <div className="min-w-0 space-y-5">
          <EsimInstallCard sim={sim} />
          <PlanCard plan={sim.plan} operatorName={sim.operator.name} />
          {can(viewer, "sims:grant-refill") && sim.simType === "prepaid" && sim.retiredAt === null && refillPlan && refillPlan.refillPackages.length > 0 ? (
            <RefillCard
              iccid={sim.iccid}
              idempotencyKey={randomUUID()}
              options={refillPlan.refillPackages.map((p) => ({ id: p.id, label: `${formatVolume(p.dataBytes)} · ${p.validityDays} days · ${formatMoney(p.priceMinor, refillPlan.currency)}` }))}
            />
          ) : null}
          {can(viewer, "sims:assign-product") ? <ProductCard sim={sim} /> : null}
          {can(viewer, "sims:assign-end-user") ? <EndUserCard sim={sim} /> : null}
          <NotesCard sim={sim} editable={can(viewer, "sims:annotate")} labelsElsewhere={can(viewer, "sims:label")} />
          <LabelsCard viewer={viewer} iccid={sim.iccid} />
          {can(viewer, "sims:swap") && canOfferSwap(sim, sim.operator.driver) ? <SwapCard iccid={sim.iccid} /> : null}
        </div>
      </div>
    </div>
  );
}
