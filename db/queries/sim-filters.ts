import { asc, eq, isNull, or } from "drizzle-orm";
import { getDb } from "@/db";
import { companies, labels, operators } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";

// The choices the SIMs list offers; labels and companies only as far as the viewer's scope goes.
export async function listSimFilterOptions(scope: Scope, viewer: Pick<Viewer, "companyId">) {
  const db = getDb();
  const labelScope =
    scope.kind === "platform"
      ? undefined
      : viewer.companyId
        ? or(isNull(labels.companyId), eq(labels.companyId, viewer.companyId))
        : isNull(labels.companyId);
  const [operatorRows, companyRows, labelRows] = await Promise.all([
    db.select({ id: operators.id, name: operators.name }).from(operators).orderBy(asc(operators.name)),
    scope.kind === "platform"
      ? db.select({ id: companies.id, name: companies.name }).from(companies).orderBy(asc(companies.name))
      : Promise.resolve([]),
    db
      .select({ id: labels.id, name: labels.name, color: labels.color, companyId: labels.companyId })
      .from(labels)
      .where(labelScope)
      .orderBy(asc(labels.name)),
  ]);
  return { operators: operatorRows, companies: companyRows, labels: labelRows };
}
