import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { listCompanyOptions, planOptionsForOperator } from "@/db/queries/plans";
import type { SimDetail } from "@/db/queries/sim-detail";
import { planName } from "@/lib/sims/plan-name";
import { storeUseRefusal } from "@/lib/sims/store-use";
import { ProductForm, StoreUseForm } from "./product-form";

type ProductSim = Pick<SimDetail, "iccid" | "formFactor" | "status" | "storeUse" | "companyName" | "endUserEmail" | "retiredAt" | "operator" | "plan">;

// Platform staff's editor of the SIM's product (plan and company) and, for eSIMs, of store use.
// The page renders it only for viewers with "sims:assign-product"; the actions check it again.
export async function ProductCard({ sim }: { sim: ProductSim }) {
  if (sim.retiredAt) {
    return (
      <Card>
        <CardHeader title="Product" />
        <CardContent>
          <p className="text-sm text-slate-500">This SIM was retired by a SIM swap; its product moved to the SIM that took over its line.</p>
        </CardContent>
      </Card>
    );
  }
  const [plans, companies] = await Promise.all([planOptionsForOperator(sim.operator.id), listCompanyOptions()]);
  // Company names are unique, so the name the page already has identifies the company.
  const currentCompanyId = sim.companyName === null ? null : (companies.find((c) => c.name === sim.companyName)?.id ?? null);
  const currentPlan = sim.plan ? { id: sim.plan.id, name: planName(sim.operator.name, sim.plan), retired: sim.plan.retired } : null;
  const isEsim = sim.formFactor === "esim";
  const storeRefusal = storeUseRefusal({
    formFactor: sim.formFactor,
    status: sim.status,
    operatorDriver: sim.operator.driver,
    hasCompany: sim.companyName !== null,
    hasEndUser: sim.endUserEmail !== null,
  });

  return (
    <Card>
      <CardHeader title="Product" description={`Plans of ${sim.operator.name}; the SIM counts usage once it has a plan and a company, or is kept for the store.`} />
      <CardContent className="space-y-5">
        <ProductForm
          iccid={sim.iccid}
          plans={plans}
          companies={companies}
          currentPlan={currentPlan}
          currentCompanyId={currentCompanyId}
          companyLocked={sim.storeUse ? "Kept for the eSIM store: take it out of the store to give it to a company." : null}
        />
        {isEsim ? (
          <section aria-labelledby="store-use-heading" className="border-t border-slate-100 pt-4">
            <h3 id="store-use-heading" className="mb-2 text-xs font-medium text-slate-500">
              eSIM store
            </h3>
            <StoreUseForm iccid={sim.iccid} storeUse={sim.storeUse} refusal={storeRefusal} />
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}
