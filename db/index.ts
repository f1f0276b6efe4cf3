import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Logger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  // For diagnostics: the database URL without its password, or the PGlite folder.
  location: string;
  close(): Promise<void>;
};

const DEFAULT_PGLITE_DIR = ".data/pglite";

// The one client: postgres-js when DATABASE_URL is set, embedded PGlite otherwise.
// `logger` sees every statement (benchmarks use it to replay the page's SQL bare).
export function openDatabase(config: { url?: string; pgliteDir?: string; logger?: Logger } = {}): DatabaseHandle {
  if (config.url) {
    const client = postgres(config.url, { max: 10, onnotice: () => {} });
    return {
      db: drizzlePostgres(client, { schema, logger: config.logger }),
      kind: "postgres",
      location: config.url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = config.pgliteDir ?? DEFAULT_PGLITE_DIR;
  const dataDir = dir.startsWith("memory://") ? dir : path.resolve(/*turbopackIgnore: true*/ dir);
  const unlock = dataDir.startsWith("memory://") ? () => {} : lockFolder(dataDir);
  const client = new PGlite({ dataDir, extensions: { pg_trgm } });
  return {
    db: drizzlePglite(client, { schema, logger: config.logger }),
    kind: "pglite",
    location: dataDir,
    close: () => client.close().finally(unlock),
  };
}

// PGlite's files belong to one process: a second one (`npm run db:seed` while `npm run dev`
// runs) would corrupt them, so the folder carries a lock file with the owner's pid. A lock left
// by a process that has died is taken over.
function lockFolder(dataDir: string): () => void {
  // PGlite creates its own folder but not the ones above it (.data/ on a fresh clone).
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockFile = `${dataDir}.lock`;
  const owner = Number.parseInt(readLock(lockFile), 10);
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The embedded database at ${dataDir} is open in another process (pid ${owner}), probably npm run dev. ` +
        "Stop that process first, or point DATABASE_URL at PostgreSQL.",
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => {
    if (readLock(lockFile) === String(process.pid)) rmSync(lockFile, { force: true });
  };
}

function readLock(lockFile: string): string {
  try {
    return readFileSync(lockFile, "utf8").trim();
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// One handle per process, kept on globalThis so that hot reloads and the several bundles Next
// builds share it: two PGlite instances on one folder would corrupt it.
const globalForDb = globalThis as unknown as { simPortalDb?: DatabaseHandle };

// Scripts that need their own client (benchmarks) install it before any query runs.
export function installDatabaseHandle(handle: DatabaseHandle): void {
  globalForDb.simPortalDb = handle;
}

export function databaseHandle(): DatabaseHandle {
  if (!globalForDb.simPortalDb) {
    const e = env();
    const handle = openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
    globalForDb.simPortalDb = handle;
    if (handle.kind === "pglite") closeOnShutdown(handle);
  }
  return globalForDb.simPortalDb;
}

export function getDb(): Db {
  return databaseHandle().db;
}

export async function closeDatabase(): Promise<void> {
  const handle = globalForDb.simPortalDb;
  globalForDb.simPortalDb = undefined;
  await handle?.close();
}

// PGlite writes its files from this process: close it cleanly so the folder stays consistent.
function closeOnShutdown(handle: DatabaseHandle) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      handle.close().finally(() => process.exit(0));
    });
  }
}
