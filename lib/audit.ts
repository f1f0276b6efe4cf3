import type { auditLog } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";

// What every writer of the audit log says about one change; the actor and the request come from
// the viewer, so no entry can forget them. The log is append-only (migration 0002).
export type AuditChange = {
  action: string;
  targetType: string;
  targetId: string;
  // The company whose admins may read the entry; null for platform-only entries.
  companyId: string | null;
  before?: unknown;
  after?: unknown;
};

// A change the portal made by itself (a limit enforced, a job): no person, no request.
export function systemAuditEntry(at: Date, change: AuditChange): typeof auditLog.$inferInsert {
  return {
    actorKind: "system",
    actorUserId: null,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    companyId: change.companyId,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: null,
    createdAt: at,
  };
}

export function userAuditEntry(viewer: Pick<Viewer, "userId" | "requestId">, at: Date, change: AuditChange): typeof auditLog.$inferInsert {
  return {
    actorKind: "user",
    actorUserId: viewer.userId,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    companyId: change.companyId,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: viewer.requestId ?? null,
    createdAt: at,
  };
}
