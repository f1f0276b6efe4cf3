import type { Scope } from "@/lib/auth/viewer";
import { listLabelOptions } from "./labels";
import { listCompanyOptions, listPlanOptions } from "./plans";

type Option = { id: string; name: string };

// The choices the bulk form offers, as far as the viewer's scope goes: plans and companies are
// staff's to assign (sims:assign-product), so only the platform scope lists them.
export async function listBulkOptions(scope: Scope): Promise<{ plans: Option[]; companies: Option[]; labels: Option[] }> {
  const platform = scope.kind === "platform";
  const [labels, plans, companies] = await Promise.all([
    listLabelOptions(scope),
    platform ? listPlanOptions() : Promise.resolve([]),
    platform ? listCompanyOptions() : Promise.resolve([]),
  ]);
  return {
    plans: plans.map((p) => ({ id: p.id, name: p.name.startsWith(p.operatorName) ? p.name : `${p.operatorName} · ${p.name}` })),
    companies,
    labels: labels.map((l) => ({ id: l.id, name: platform ? `${l.name} (${l.companyName ?? "platform"})` : l.name })),
  };
}
