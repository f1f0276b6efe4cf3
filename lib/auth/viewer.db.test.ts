import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, users } from "@/db/schema";
import { loadViewer, scopeOf } from "./load-viewer";

describe("viewer", () => {
  it("loses access on the next request after deactivation, and picks up a role change", async () => {
    const db = getDb();
    const [company] = await db.insert(companies).values({ name: "Acme" }).returning();
    const [user] = await db.insert(users).values({ email: "a@acme.example", role: "end_user", companyId: company?.id }).returning();
    if (!user || !company) throw new Error("fixture");

    const viewer = await loadViewer(user.id);
    expect(viewer && scopeOf(viewer)).toEqual({ kind: "end_user", userId: user.id });

    await db.update(users).set({ role: "company_admin" }).where(eq(users.id, user.id));
    const promoted = await loadViewer(user.id);
    expect(promoted && scopeOf(promoted)).toEqual({ kind: "company", companyId: company.id });

    await db.update(users).set({ active: false, deactivatedAt: new Date() }).where(eq(users.id, user.id));
    expect(await loadViewer(user.id)).toBeNull();
  });

  it("scopes staff to the platform", () => {
    expect(scopeOf({ userId: "u", email: "s@x", name: null, role: "staff", companyId: null, companyName: null })).toEqual({ kind: "platform" });
  });
});
