import type { Viewer } from "./viewer";

// The role-permission table. Pages and actions ask for a permission, never for a role name.
export const PERMISSIONS = {
  "sims:read": ["staff", "company_admin", "end_user"],
  "sims:export": ["staff", "company_admin", "end_user"],
  // Seeing (and filtering by) every company's SIMs.
  "sims:all-companies": ["staff"],
  "admin:access": ["staff"],
  // Suspending and resuming SIMs at the operator.
  "sims:operate": ["staff", "company_admin"],
  // Keeping a SIM's note.
  "sims:annotate": ["staff", "company_admin"],
  // Operator integrations: driver, settings, credentials, contract terms, sync health.
  "operators:manage": ["staff"],
  // Uploading SIMs from a CSV file.
  "sims:import": ["staff"],
  // The audit log: staff see every entry, company admins their company's (the query's scope).
  "audit:read": ["staff", "company_admin"],
} as const satisfies Record<string, readonly Viewer["role"][]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(viewer: Pick<Viewer, "role">, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(viewer.role);
}
