// Benchmark of operator sync (`npm run bench:sync`), on PostgreSQL, in one run:
// 1. ingestion of 1,000,000 usage records for 100,000 SIMs through the real sync path
//    (syncOperator -> ingestion), the driver stubbed at the HTTP boundary, beside a bare COPY of
//    the same number of rows into the same table; then the Cisco Control Center adapter over an
//    in-process fetch for two runs;
// 2. a full sync of 100,000 SIMs from the fake Control Center server over real HTTP, the fake
//    running in a process of its own.
// See bench/README.md for the figures.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { positiveArg } from "./args";

const SIMS = positiveArg("sims", 100_000);
const PER_SIM = positiveArg("records-per-sim", 10);
const url = process.env.BENCH_SYNC_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sim_portal_bench_sync";

// A fresh database each time, so every run measures the same thing.
async function recreateDatabase(target: string) {
  const name = new URL(target).pathname.slice(1);
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sqlAdmin.unsafe(`drop database if exists "${name}" with (force)`);
  await sqlAdmin.unsafe(`create database "${name}"`);
  await sqlAdmin.end();
}

process.env.OPERATOR_SECRETS_KEY = randomBytes(32).toString("base64");
process.env.DATABASE_URL = url;
await recreateDatabase(url);
const { closeDatabase, installDatabaseHandle, openDatabase } = await import("@/db");
const handle = openDatabase({ url });
installDatabaseHandle(handle);
const db = handle.db;
const { migrateDatabase } = await import("@/db/migrate");
const { operators, usageRecords } = await import("@/db/schema");
const { encryptCredentials } = await import("@/operators/secrets");
const { syncOperator } = await import("@/operators/sync");
const { fakeIccid } = await import("@/operators/cisco-control-center/fake-devices");
const { recordsAdapter, stubControlCenterFetch } = await import("./control-center-stub");
await migrateDatabase(handle);

const credentials = { username: "bench", apiKey: "bench-key" };
const [operator] = await db
  .insert(operators)
  .values({
    name: "Bench CC",
    countryCode: "US",
    currency: "USD",
    driver: "cisco_control_center",
    settings: { baseUrl: "http://control-center.stub/rws/api/v1", requestsPerSecond: 0, concurrency: 16 },
    encryptedCredentials: encryptCredentials(credentials),
  })
  .returning();
if (!operator) throw new Error("operator not created");

const iccids = Array.from({ length: SIMS }, (_, i) => fakeIccid(i + 1));
const started = performance.now();
await db.execute(sql`
  INSERT INTO sims (iccid, form_factor, operator_id, status, sim_type, msisdn, imsi)
  SELECT iccid, 'physical', ${operator.id}, 'active', 'subscription', '1555' || lpad(n::text, 7, '0'), '31017' || lpad(n::text, 10, '0')
  FROM unnest(${`{${iccids.join(",")}}`}::text[]) WITH ORDINALITY AS t(iccid, n)`);
console.log(`${SIMS.toLocaleString("en-US")} SIMs inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// 1a. Bare COPY of PER_SIM x SIMS rows of the same shape into usage_records, then emptied again.
const simIds = (await db.execute(sql`SELECT id FROM sims ORDER BY id`)) as unknown as { id: string }[];
const raw = postgres(url, { max: 1, onnotice: () => {} });
const copyRows = PER_SIM * SIMS;
const lines: string[] = [];
for (let k = 0; k < PER_SIM; k++) {
  for (let i = 0; i < simIds.length; i++) {
    lines.push(`${simIds[i]?.id}\t${operator.id}:${iccids[i]}:${k}\t2026-12-02T10:${String(k).padStart(2, "0")}:00Z\t${100_000 + i}\t310260\tUS\n`);
  }
}
const copyStart = performance.now();
const writable = await raw.unsafe("COPY usage_records (sim_id, source_key, started_at, bytes, mcc_mnc, country_code) FROM STDIN").writable();
for (let i = 0; i < lines.length; i += 10_000) {
  if (!writable.write(lines.slice(i, i + 10_000).join(""))) await new Promise((resolve) => writable.once("drain", resolve));
}
await new Promise<void>((resolve, reject) => writable.end((error?: Error | null) => (error ? reject(error) : resolve())));
const copySeconds = (performance.now() - copyStart) / 1000;
lines.length = 0;
await raw.unsafe("TRUNCATE usage_records");
await raw.unsafe("VACUUM ANALYZE usage_records");
console.log(`bare COPY: ${copyRows.toLocaleString("en-US")} rows in ${copySeconds.toFixed(1)} s (${Math.round(copyRows / copySeconds).toLocaleString("en-US")} rows/s)`);

// 1b. The same number of records through the sync path: one run of syncOperator over every SIM,
// the driver stubbed where its HTTP answers would be transformed (PER_SIM records per SIM in the
// window, as an operator with a usage-record API delivers them), then ingested for real.
const recordsDriver = recordsAdapter(PER_SIM);
const t1 = performance.now();
const recordsOutcome = await syncOperator(operator, { db, now: () => new Date(Date.UTC(2026, 11, 2, 11)), adapter: recordsDriver, parallelBatches: 2 });
const syncSeconds = (performance.now() - t1) / 1000;
if (recordsOutcome.outcome !== "succeeded") throw new Error(`sync ${recordsOutcome.outcome}: ${recordsOutcome.error}`);
const ingested = await db.$count(usageRecords);
if (ingested !== copyRows) throw new Error(`expected ${copyRows} usage records, found ${ingested}`);
const syncRate = ingested / syncSeconds;
const copyRate = copyRows / copySeconds;
console.log(`sync (usage records): ${ingested.toLocaleString("en-US")} records in ${syncSeconds.toFixed(1)} s (${Math.round(syncRate).toLocaleString("en-US")} records/s)`);
console.log(`sync rate / COPY rate = ${(syncRate / copyRate).toFixed(2)} (target >= 0.33)`);

// 1c. The Cisco Control Center adapter itself at the same boundary (an in-process fetch), two
// runs: Control Center reports one cycle-to-date total per SIM, so each run adds one record per SIM.
const stub = stubControlCenterFetch(credentials);
for (let run = 1; run <= 2; run++) {
  stub.setRun(run);
  const at = new Date(Date.UTC(2026, 11, 2, 12, run));
  const t = performance.now();
  const outcome = await syncOperator(operator, { db, now: () => at, fetch: stub.fetch, parallelBatches: 2 });
  if (outcome.outcome !== "succeeded") throw new Error(`Control Center run ${run} ${outcome.outcome}: ${outcome.error}`);
  console.log(`Control Center sync run ${run} (stubbed fetch): ${outcome.counts.sims.toLocaleString("en-US")} SIMs, ${outcome.counts.usageRecords.toLocaleString("en-US")} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// 2. A full sync of every SIM from the fake Control Center over HTTP, the fake in its own process.
const fake = spawn("node_modules/.bin/tsx", ["bench/fake-control-center-process.ts", String(SIMS), credentials.username, credentials.apiKey], {
  stdio: ["ignore", "pipe", "inherit"],
});
try {
  const fakeUrl = await new Promise<string>((resolve, reject) => {
    fake.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim().split("\n")[0] ?? ""));
    fake.once("exit", (code) => reject(new Error(`fake Control Center exited with ${code}`)));
  });
  await db.update(operators).set({ settings: { baseUrl: fakeUrl, requestsPerSecond: 0, concurrency: 16 } }).where(eq(operators.id, operator.id));
  const [updated] = await db.select().from(operators).where(eq(operators.id, operator.id));
  if (!updated) throw new Error("operator vanished");
  const t = performance.now();
  const outcome = await syncOperator(updated, { db, now: () => new Date(), parallelBatches: 2 });
  const seconds = (performance.now() - t) / 1000;
  if (outcome.outcome !== "succeeded") throw new Error(`full sync ${outcome.outcome}: ${outcome.error}`);
  console.log(
    `full sync from the fake Control Center over HTTP: ${outcome.counts.sims.toLocaleString("en-US")} SIMs in ${seconds.toFixed(1)} s ` +
      `(${outcome.counts.statusChanges.toLocaleString("en-US")} status changes, ${outcome.counts.usageRecords.toLocaleString("en-US")} usage records; target < 120 s)`,
  );
} finally {
  fake.kill("SIGTERM");
  await raw.end();
  await closeDatabase();
}
