import { unsafeFindUserById } from "@/db/queries/users";

// Who is acting and what they may see, loaded from the database; no Auth.js here, so jobs that
// act for a person (bulk actions) can load them too.

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
