import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll } from "vitest";

// Runs before each database test file, in that file's module context, so that `getDb()` opens
// a database of this file's own.
const adminUrl = process.env.TEST_DATABASE_URL?.trim();
let dropDatabase: (() => Promise<void>) | undefined;

if (adminUrl) {
  const name = `sim_portal_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  delete process.env.PGLITE_DIR;
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}

const { closeDatabase, databaseHandle } = await import("./index");
const { migrateDatabase } = await import("./migrate");
await migrateDatabase(databaseHandle());

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});
