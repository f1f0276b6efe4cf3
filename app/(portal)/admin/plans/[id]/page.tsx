// GET /admin/plans/[id]: one plan's terms, its versions and SIMs, and the form to change its terms; staff only.
import Link from "next/link";
import { notFound } from "next/navigation";
import { PlanForm } from "@/components/plans/plan-form";
import { PlanTermsView } from "@/components/plans/plan-terms-view";
import { SIM_TYPE_LABELS } from "@/components/sims/sim-type-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/viewer";
import { formatDate } from "@/lib/format";
import { findPlanDetail, type PlanDetail } from "@/lib/plans/plan-detail";
import { planFormValuesOf } from "@/lib/plans/plan-form-values";
import { MAX_COUNTRY_RATES, MAX_REFILL_PACKAGES, RATE_COUNTRIES } from "@/lib/plans/plan-input";
import { RenameForm } from "../rename-form";
import { updatePlanTermsAction } from "./actions";
import { RetireForm } from "./retire-form";

type Props = { params: Promise<{ id: string }> };

export const metadata = { title: "Plan · SIM Portal" };

const sims = (n: number) => `${n.toLocaleString("en-US")} SIM${n === 1 ? "" : "s"}`;

function EditNote({ plan }: { plan: PlanDetail }) {
  const text =
    plan.simCount === 0
      ? "No SIM has this plan yet: saving changes its terms in place."
      : `${sims(plan.simCount)} ${plan.simCount === 1 ? "uses" : "use"} this plan: saving creates version ${plan.version + 1}; they keep version ${plan.version}.`;
  return (
    <p role="note" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2.5 text-sm text-blue-900">
      {text}
    </p>
  );
}

function EditCard({ plan }: { plan: PlanDetail }) {
  if (plan.retired) {
    const newest = plan.newestVersionId !== plan.id ? plan.versions.at(-1) : undefined;
    return (
      <Card>
        <CardHeader title="Change terms" />
        <CardContent>
          <p className="text-sm text-slate-600">
            {newest ? (
              <>
                This version is retired: SIMs on it keep these terms.{" "}
                <Link href={`/admin/plans/${newest.id}`} className="font-medium text-slate-900 underline underline-offset-2">
                  Edit the newest version (v{newest.version})
                </Link>
                .
              </>
            ) : (
              "This plan is retired. Put it back on sale to change its terms."
            )}
          </p>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader title="Change terms" />
      <CardContent className="space-y-4">
        <EditNote plan={plan} />
        <PlanForm
          action={updatePlanTermsAction}
          initial={planFormValuesOf(plan.operatorId, plan.terms)}
          edit={{ planId: plan.id, operatorName: plan.operatorName }}
          countries={RATE_COUNTRIES}
          limits={{ refillPackages: MAX_REFILL_PACKAGES, countryRates: MAX_COUNTRY_RATES }}
          submitLabel={plan.simCount === 0 ? "Save terms" : `Save as version ${plan.version + 1}`}
        />
      </CardContent>
    </Card>
  );
}

function VersionsCard({ plan }: { plan: PlanDetail }) {
  return (
    <Card>
      <CardHeader title="Versions" description="SIMs keep the version they were given." />
      <CardContent>
        <ol className="space-y-2">
          {[...plan.versions].reverse().map((v) => (
            <li key={v.id} className={cx("flex items-center justify-between gap-3 text-sm", v.id === plan.id && "font-medium")}>
              <span className="flex items-center gap-1.5">
                {v.id === plan.id ? (
                  <span aria-current="page">v{v.version}</span>
                ) : (
                  <Link href={`/admin/plans/${v.id}`} className="text-slate-900 underline underline-offset-2">
                    v{v.version}
                  </Link>
                )}
                {v.retired ? <Badge tone="amber">Retired</Badge> : <Badge tone="green">On sale</Badge>}
              </span>
              <span className="text-xs text-slate-500">
                {sims(v.simCount)} · {formatDate(v.createdAt)}
              </span>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

export default async function PlanPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requirePermission("sims:assign-product");
  const plan = await findPlanDetail(viewer, id);
  if (!plan) notFound();
  const replaced = plan.newestVersionId !== plan.id;

  return (
    <div className="mx-auto max-w-7xl">
      <Link
        href="/admin/plans"
        className="mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
      >
        <span aria-hidden="true">←</span> All plans
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-2">
            {plan.name}
            <span className="flex flex-wrap items-center gap-1.5 text-sm font-normal tracking-normal">
              <Badge tone="slate">v{plan.version}</Badge>
              {plan.retired ? <Badge tone="amber">Retired</Badge> : null}
            </span>
          </span>
        }
        description={`${plan.operatorName} · ${SIM_TYPE_LABELS[plan.terms.type]} · ${plan.terms.currency} · ${sims(plan.simCount)}`}
      />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-5 lg:col-span-2">
          <Card>
            <CardHeader title="Terms" description={`Version ${plan.version}, created ${formatDate(plan.createdAt)}.`} />
            <CardContent>
              <PlanTermsView terms={plan.terms} />
            </CardContent>
          </Card>
          <EditCard plan={plan} />
        </div>
        <div className="min-w-0 space-y-5">
          <VersionsCard plan={plan} />
          <Card>
            <CardHeader title="Name" description="Shown instead of the generated name; empty goes back to it." />
            <CardContent>
              <RenameForm planId={plan.id} customName={plan.customName} generatedName={plan.generatedName} />
            </CardContent>
          </Card>
          {replaced ? null : (
            <Card>
              <CardHeader
                title="Sale"
                description={plan.retired ? "Retired: not offered for new SIMs. SIMs on it keep it." : "Offered when staff give SIMs a plan. Retiring keeps it on the SIMs that have it."}
              />
              <CardContent>
                <RetireForm planId={plan.id} retired={plan.retired} />
              </CardContent>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
