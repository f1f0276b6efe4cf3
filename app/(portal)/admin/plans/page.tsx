import Link from "next/link";
import type { ReactNode } from "react";
import { SimTypeBadge } from "@/components/sims/sim-type-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, TH, THead, Table } from "@/components/ui/table";
import { listPlans } from "@/db/queries/plans";
import { requirePermission } from "@/lib/auth/viewer";
import { RenameForm } from "./rename-form";

export const metadata = { title: "Plans · SIM Portal" };

function TD({ className, numeric = false, children }: { className?: string; numeric?: boolean; children: ReactNode }) {
  return (
    <td className={cx("border-b border-slate-100 px-3 py-2.5 align-top text-slate-700 [tr:last-child>&]:border-b-0", numeric && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}

// GET /admin/plans: every plan with its generated name and an inline custom name; platform staff only.
export default async function PlansPage() {
  const viewer = await requirePermission("sims:assign-product");
  const plans = await listPlans(viewer);

  return (
    <>
      <PageHeader
        title="Plans"
        description="Each plan's name is generated from its terms. Give it a name of your own to show instead; leave it empty to go back to the generated name."
        actions={
          <Link href="/admin/plans/new" className={buttonClasses()}>
            New plan
          </Link>
        }
      />
      {plans.length === 0 ? (
        <EmptyState title="No plans yet" description="A plan belongs to one operator's SIMs: create the first one." />
      ) : (
        <Table label="Plans" data-testid="plans-table">
          <THead>
            <tr>
              <TH>Operator</TH>
              <TH>Name</TH>
              <TH>Type</TH>
              <TH align="right">Version</TH>
              <TH align="right">SIMs</TH>
              <TH>Custom name</TH>
            </tr>
          </THead>
          <TBody>
            {plans.map((plan) => (
              <tr key={plan.id}>
                <TD className="whitespace-nowrap">{plan.operatorName}</TD>
                <TD className="min-w-64">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Link
                      href={`/admin/plans/${plan.id}`}
                      className={cx("font-medium underline-offset-2 hover:underline", plan.retired ? "text-slate-500" : "text-slate-900")}
                    >
                      {plan.name}
                    </Link>
                    {plan.retired ? <Badge tone="amber">Retired</Badge> : null}
                  </div>
                  {plan.customName ? <div className="text-xs text-slate-500">Generated: {plan.generatedName}</div> : null}
                </TD>
                <TD>
                  <SimTypeBadge type={plan.type} />
                </TD>
                <TD numeric>v{plan.version}</TD>
                <TD numeric>{plan.simCount.toLocaleString("en-US")}</TD>
                <TD>
                  <RenameForm planId={plan.id} customName={plan.customName} generatedName={plan.generatedName} />
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
