import { isProduction } from "@/lib/env";
import { logger } from "@/lib/logger";
import { databaseHandle } from "./index";
import { migrateDatabase } from "./migrate";

// On server start with the embedded database: migrate, and seed the demo on the very first
// start, so `npm install && npm run dev` shows a populated portal. PostgreSQL deployments run
// `npm run db:migrate` (and, for a demo, `npm run db:seed`) themselves.
export async function prepareEmbeddedDatabase(): Promise<void> {
  const handle = databaseHandle();
  if (handle.kind !== "pglite") return;
  await migrateDatabase(handle);
  if (isProduction()) return;
  const { isSeeded, seedDemo } = await import("./seed/demo");
  if (await isSeeded(handle.db)) return;
  logger.info("seeding the embedded database with demo data (first start)", { location: handle.location });
  await seedDemo(handle.db, { now: new Date(), log: (line) => logger.info(line) });
}
