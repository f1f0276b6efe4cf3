// GET /admin/plans/new: create a plan of any of the three types; platform staff only.
import Link from "next/link";
import { PlanForm } from "@/components/plans/plan-form";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/viewer";
import { listOperatorChoices } from "@/lib/plans/plan-detail";
import { EMPTY_PLAN_FORM } from "@/lib/plans/plan-form-values";
import { MAX_COUNTRY_RATES, MAX_REFILL_PACKAGES, RATE_COUNTRIES } from "@/lib/plans/plan-input";
import { createPlanAction } from "./actions";

export const metadata = { title: "New plan · SIM Portal" };

export default async function NewPlanPage() {
  const viewer = await requirePermission("sims:assign-product");
  const operators = await listOperatorChoices(viewer);
  return (
    <div className="mx-auto max-w-4xl">
      <Link
        href="/admin/plans"
        className="mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
      >
        <span aria-hidden="true">←</span> All plans
      </Link>
      <PageHeader title="New plan" description="A plan is sold for one operator's SIMs. Its name is generated from its terms; you can rename it on the plans page." />
      {operators.length === 0 ? (
        <EmptyState title="No operators yet" description="A plan belongs to an operator: add an operator first." />
      ) : (
        <Card>
          <CardContent>
            <PlanForm
              action={createPlanAction}
              initial={EMPTY_PLAN_FORM}
              operators={operators}
              countries={RATE_COUNTRIES}
              limits={{ refillPackages: MAX_REFILL_PACKAGES, countryRates: MAX_COUNTRY_RATES }}
              submitLabel="Create plan"
            />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
