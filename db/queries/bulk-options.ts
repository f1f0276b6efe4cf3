import type { Scope } from "@/lib/auth/viewer";
import { listLabelOptions } from "./labels";

type Option = { id: string; name: string };

// The choices the bulk form offers, as far as the viewer's scope goes.
export async function listBulkOptions(scope: Scope): Promise<{ plans: Option[]; companies: Option[]; labels: Option[] }> {
  const labels = await listLabelOptions(scope);
  return {
    plans: [],
    companies: [],
    labels: labels.map((l) => ({ id: l.id, name: scope.kind === "platform" ? `${l.name} (${l.companyName ?? "platform"})` : l.name })),
  };
}
