import { inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { listPlanOptions } from "@/db/queries/plans";
import { companies, labels } from "@/db/schema";
import { bulkActionSchema, describeBulkAction } from "./actions";

// A bulk job's title with what it assigned: "Add a label: Cold chain", "Assign a plan: Odido IoT
// Flex 250 MB". Names are read now; a label deleted since shows as such.
export async function describeStoredBulkAction(stored: unknown): Promise<string> {
  const parsed = bulkActionSchema.safeParse(stored);
  if (!parsed.success) return "Bulk action";
  const action = parsed.data;
  const title = describeBulkAction(action);
  switch (action.kind) {
    case "add_labels":
    case "remove_labels": {
      const rows = await getDb().select({ name: labels.name }).from(labels).where(inArray(labels.id, action.labelIds));
      return `${title}: ${rows.length > 0 ? rows.map((r) => r.name).join(", ") : "a label since deleted"}`;
    }
    case "plan": {
      if (action.planId === null) return "Take the plan off";
      const plan = (await listPlanOptions()).find((p) => p.id === action.planId);
      return `${title}: ${plan?.name ?? "a plan since retired"}`;
    }
    case "company": {
      if (action.companyId === null) return "Take the company off";
      const [company] = await getDb().select({ name: companies.name }).from(companies).where(inArray(companies.id, [action.companyId]));
      return `${title}: ${company?.name ?? "unknown company"}`;
    }
    case "end_user":
      return `${title}: ${action.email}`;
    default:
      return title;
  }
}
