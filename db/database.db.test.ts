import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { databaseHandle, getDb } from "@/db";
import { auditLog } from "@/db/schema";

describe("database", () => {
  it("runs on the database the environment asks for", async () => {
    const expected = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
    expect(databaseHandle().kind).toBe(expected);
    const [row] = await getDb()
      .select({ trgm: sql<number>`count(*)::int`.mapWith(Number) })
      .from(sql`pg_extension`)
      .where(sql`extname = 'pg_trgm'`);
    expect(row?.trgm).toBe(1);
  });

  it("keeps the audit log append-only", async () => {
    const db = getDb();
    const [entry] = await db
      .insert(auditLog)
      .values({ actorKind: "system", action: "test", targetType: "sim", targetId: "1" })
      .returning({ id: auditLog.id });
    expect(entry).toBeDefined();
    await expect(db.update(auditLog).set({ action: "changed" })).rejects.toThrow();
    await expect(db.delete(auditLog)).rejects.toThrow();
    const rows = await db.select({ action: auditLog.action }).from(auditLog);
    expect(rows).toEqual([{ action: "test" }]);
  });
});
