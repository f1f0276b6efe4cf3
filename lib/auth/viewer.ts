import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { unsafeFindUserById } from "@/db/queries/users";
import { REQUEST_ID_HEADER } from "@/lib/request-id";
import { auth } from "./index";
import { can, type Permission } from "./permissions";

export type Role = "staff" | "company_admin" | "end_user";

export type Viewer = {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  // The request this viewer acts in (proxy.ts), carried into audit entries; absent outside one.
  requestId?: string | null;
};

// What a viewer may see. Every tenant-scoped query takes one of these first.
export type Scope =
  | { kind: "platform" }
  | { kind: "company"; companyId: string }
  | { kind: "end_user"; userId: string };

export function scopeOf(viewer: Viewer): Scope {
  if (viewer.role === "staff") return { kind: "platform" };
  if (viewer.role === "company_admin" && viewer.companyId) return { kind: "company", companyId: viewer.companyId };
  return { kind: "end_user", userId: viewer.userId };
}

// The session only names a user; the database says, on every request, whether they may still
// act and as what. So deactivation or a role change applies to the very next request.
export async function loadViewer(userId: string, requestId: string | null = null): Promise<Viewer | null> {
  const user = await unsafeFindUserById(userId);
  if (!user || !user.active) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
    companyName: user.companyName,
    requestId,
  };
}

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  return userId ? loadViewer(userId, (await headers()).get(REQUEST_ID_HEADER)) : null;
});

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  return viewer;
}

// A page the role may not use is "not found", like a foreign record: nothing to learn from it.
export async function requirePermission(permission: Permission): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!can(viewer, permission)) notFound();
  return viewer;
}
