"use server";

import { signOut } from "@/lib/auth";

// Signing out needs no session check: without a session there is nothing to end.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
