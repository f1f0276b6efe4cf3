import type { SimListQuery } from "../list-query";
import { STATUS_LABELS } from "../status-machine";

type Named = { id: string; name: string };
export type ViewNames = { operators: Named[]; companies: Named[]; labels: Named[] };

const nameOf = (list: Named[], id: string) => list.find((item) => item.id === id)?.name ?? "unknown";

// "Status: Active · Label: Fleet A": what a bulk job acting on a whole view says it acted on.
export function describeView(query: SimListQuery, names: ViewNames): string {
  const parts: string[] = [];
  if (query.status) parts.push(`Status: ${STATUS_LABELS[query.status]}`);
  if (query.type) parts.push(`Type: ${query.type === "none" ? "no plan" : query.type}`);
  if (query.form) parts.push(query.form === "esim" ? "eSIMs" : "Physical SIMs");
  if (query.operator) parts.push(`Operator: ${nameOf(names.operators, query.operator)}`);
  if (query.company) parts.push(`Company: ${query.company === "none" ? "none" : nameOf(names.companies, query.company)}`);
  if (query.label) parts.push(`Label: ${nameOf(names.labels, query.label)}`);
  if (query.session) parts.push(`In session: ${query.session === "na" ? "N/A" : query.session}`);
  if (query.q) parts.push(`Search: “${query.q}”`);
  return parts.length > 0 ? `All SIMs where ${parts.join(" · ")}` : "All SIMs";
}
