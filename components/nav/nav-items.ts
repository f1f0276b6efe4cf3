import { can, type Permission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";

export type NavItem = {
  label: string;
  href: string;
  /** The item is shown only to viewers who have this permission. */
  permission: Permission;
};

// The portal's navigation, in display order. A new section adds one entry here with the
// permission its page requires (Operators, Plans, Companies, Invoices… for staff), so the menu
// never offers a page that would answer "not found".
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "SIMs", href: "/sims", permission: "sims:read" },
  { label: "Labels", href: "/labels", permission: "labels:manage" },
  { label: "Companies", href: "/admin/companies", permission: "companies:manage" },
  { label: "Users", href: "/admin/users", permission: "users:manage" },
  { label: "Operators", href: "/admin/operators", permission: "operators:manage" },
  { label: "Plans", href: "/admin/plans", permission: "sims:assign-product" },
  { label: "Import SIMs", href: "/admin/sims/import", permission: "sims:import" },
  { label: "Invoices", href: "/invoices", permission: "invoices:read" },
  { label: "Wallet", href: "/wallet", permission: "wallets:read" },
  { label: "Payments", href: "/admin/payments", permission: "payments:refund" },
  { label: "Account", href: "/account", permission: "payments:pay" },
  { label: "Audit log", href: "/admin/audit", permission: "audit:read" },
];

export function navItemsFor(viewer: Pick<Viewer, "role">): NavItem[] {
  return NAV_ITEMS.filter((item) => can(viewer, item.permission));
}
