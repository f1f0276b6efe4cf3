import type { Viewer } from "./viewer";

// The role-permission table. Pages and actions ask for a permission, never for a role name.
export const PERMISSIONS = {
  "sims:read": ["staff", "company_admin", "end_user"],
  "sims:export": ["staff", "company_admin", "end_user"],
  // Seeing (and filtering by) every company's SIMs.
  "sims:all-companies": ["staff"],
  "admin:access": ["staff"],
  // Activating, suspending and resuming SIMs at the operator.
  "sims:operate": ["staff", "company_admin"],
  // Swapping a Blank or broken physical SIM for a new one that takes over its line.
  "sims:swap": ["staff", "company_admin"],
  // The product: a SIM's plan and company, and marking SIMs for the store.
  "sims:assign-product": ["staff"],
  // Refilling a prepaid SIM with one of its plan's packages without a card payment (goodwill, or paid elsewhere).
  "sims:grant-refill": ["staff"],
  // Linking an end user (by e-mail, invited if new) to a SIM, or removing them.
  "sims:assign-end-user": ["staff", "company_admin"],
  // Putting labels on SIMs and taking them off.
  "sims:label": ["staff", "company_admin"],
  // Creating, renaming, recolouring and deleting labels (company admins: their company's).
  "labels:manage": ["staff", "company_admin"],
  // Creating companies (tenants) and changing their name and time zone.
  "companies:manage": ["staff"],
  // Inviting company admins, changing anyone's role and company, deactivating and reactivating people.
  "users:manage": ["staff"],
  // Bulk actions on selected or filtered SIMs; each action still needs its own permission.
  "sims:bulk": ["staff", "company_admin"],
  // Keeping a SIM's note.
  "sims:annotate": ["staff", "company_admin"],
  // Operator integrations: driver, settings, credentials, contract terms, sync health.
  "operators:manage": ["staff"],
  // Uploading SIMs from a CSV file.
  "sims:import": ["staff"],
  // The audit log: staff see every entry, company admins their company's (the query's scope).
  "audit:read": ["staff", "company_admin"],
  "invoices:read": ["staff", "company_admin"],
  // PAYGO wallets: balance, history and monthly statements (company admins: their company's).
  "wallets:read": ["staff", "company_admin"],
  // Opening wallets, setting minimum balances, recording top-ups received and adjustments.
  "wallets:manage": ["staff"],
  // Paying by card: saved cards, refills, auto-refill, wallet top-ups and invoices (end users: their own SIMs).
  "payments:pay": ["company_admin", "end_user"],
  // Payment history and receipts (staff: every payment; the others: their own or their company's).
  "payments:read": ["staff", "company_admin", "end_user"],
  // Refunding a card payment.
  "payments:refund": ["staff"],
} as const satisfies Record<string, readonly Viewer["role"][]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(viewer: Pick<Viewer, "role">, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(viewer.role);
}
