import { closeDatabase, databaseHandle } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { countTables, formatCounts } from "./counts";
import { seedDemo } from "./demo";
import { seedFleet } from "./fleet";

// CLI: `npm run db:seed [-- --sims <total>] [-- --force]`. Migrates, seeds the demo, and with
// --sims grows the fleet to that many SIMs for benchmarks.

type Args = { sims: number | null; force: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { sims: null, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--force") args.force = true;
    else if (arg === "--sims" || arg?.startsWith("--sims=")) {
      const raw = arg === "--sims" ? argv[++i] : arg.slice("--sims=".length);
      const n = Number(raw?.replace(/[_,]/g, ""));
      if (!Number.isInteger(n) || n < 1) throw new Error(`--sims needs a positive whole number (got "${raw ?? ""}")`);
      args.sims = n;
    } else throw new Error(`Unknown argument "${arg}". Usage: npm run db:seed [-- --sims <total>] [--force]`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const e = env();
  if (e.NODE_ENV === "production" && !args.force && !e.SEED_FORCE) {
    console.error("Refusing to seed: NODE_ENV is production. The demo seed creates accounts with a published password.");
    console.error("If you really mean it, pass --force or set SEED_FORCE=1.");
    return 1;
  }
  const handle = databaseHandle();
  const log = (line: string) => console.log(line);
  try {
    await migrateDatabase(handle);
    console.log(`Seeding ${handle.kind} database at ${handle.location}`);
    const demo = await seedDemo(handle.db, { now: new Date(), log });
    console.log(`Demo seed done in ${(demo.durationMs / 1000).toFixed(1)} s (${demo.simsRefreshed} SIM totals refreshed).`);
    if (args.sims !== null) {
      const fleet = await seedFleet(handle.db, { sims: args.sims, now: new Date(), log });
      const rate = fleet.added / Math.max(0.001, fleet.durationMs / 1000);
      console.log(`Fleet seed done in ${(fleet.durationMs / 1000).toFixed(1)} s: ${fleet.added.toLocaleString("en-US")} SIMs added (${Math.round(rate).toLocaleString("en-US")} SIMs/s).`);
    }
    const after = await countTables(handle.db);
    console.log("Rows per table (added this run):");
    for (const line of formatCounts(demo.before, after)) console.log(line);
    console.log("Demo accounts (password for all: " + demo.password + "):");
    for (const a of demo.accounts) console.log(`  ${a.email.padEnd(24)} ${a.role}${a.company ? ` (${a.company})` : ""}`);
    return 0;
  } finally {
    await closeDatabase();
  }
}

// Drizzle puts the whole statement, parameters included, in its message: for a fleet batch
// that is megabytes, so show the start of each message down the cause chain instead.
function describe(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error; e !== undefined && lines.length < 5; e = e instanceof Error ? e.cause : undefined) {
    const message = e instanceof Error ? e.message : String(e);
    lines.push(message.length > 600 ? `${message.slice(0, 600)}…` : message);
  }
  return lines.join("\n  caused by: ");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Seed failed: ${describe(error)}`);
    process.exit(1);
  },
);
