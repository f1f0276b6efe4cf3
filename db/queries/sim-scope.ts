import { eq, type SQL, sql } from "drizzle-orm";
import { sims } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";

// The security boundary: every SIM query starts from this condition.
export function simScopeCondition(scope: Scope): SQL {
  switch (scope.kind) {
    case "platform":
      return sql`true`;
    case "company":
      return eq(sims.companyId, scope.companyId);
    case "end_user":
      return eq(sims.endUserId, scope.userId);
  }
}
