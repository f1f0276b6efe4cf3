import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDatabase, databaseHandle, type DatabaseHandle } from "./index";
import type * as schema from "./schema";

// From the project root: the same path works for scripts, tests and the bundled server.
const migrationsFolder = path.join(process.cwd(), "db", "migrations");

// Applies committed migrations; safe to run on every start (applied ones are skipped).
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as PgliteDatabase<typeof schema>, { migrationsFolder });
  } else {
    await migratePostgres(handle.db as PostgresJsDatabase<typeof schema>, { migrationsFolder });
  }
}

async function main() {
  const handle = databaseHandle();
  await migrateDatabase(handle);
  console.log(`Migrated ${handle.kind} database at ${handle.location}`);
  await closeDatabase();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
