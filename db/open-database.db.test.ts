import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

describe("embedded database lock", () => {
  it("refuses a folder another live process has open, and takes over one whose owner died", async () => {
    const dir = path.join(root, "locked", "pglite");
    mkdirSync(path.dirname(dir), { recursive: true });
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(`${dir}.lock`, String(other.pid));
      expect(() => openDatabase({ pgliteDir: dir })).toThrow(/open in another process \(pid \d+\)/);
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once("exit", resolve));
    const handle = openDatabase({ pgliteDir: dir });
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
