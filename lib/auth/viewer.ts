import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { REQUEST_ID_HEADER } from "@/lib/request-id";
import { auth } from "./index";
import { loadViewer, type Viewer } from "./load-viewer";
import { can, type Permission } from "./permissions";

export { loadViewer, scopeOf, type Role, type Scope, type Viewer } from "./load-viewer";

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
