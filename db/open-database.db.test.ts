import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./index";
import { migrateDatabase } from "./migrate";

const root = mkdtempSync(path.join(tmpdir(), "sim-portal-pglite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded database", () => {
  it("starts in a folder that does not exist yet, as on a fresh clone, and keeps its data across restarts", async () => {
    const dir = path.join(root, ".data", "pglite");
    const first = openDatabase({ pgliteDir: dir });
    await migrateDatabase(first);
    await first.db.execute(sql`create table kept (n int)`);
    await first.db.execute(sql`insert into kept values (42)`);
    await first.close();

    const second = openDatabase({ pgliteDir: dir });
    const [row] = await second.db.select({ n: sql<number>`n` }).from(sql`kept`);
    expect(row?.n).toBe(42);
    await second.close();
  });
});
