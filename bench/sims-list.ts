// Benchmark of the SIMs list (`npm run bench`): seeds a large fleet on PostgreSQL, serves the
// production build, and times the /sims page for platform staff and a company admin, beside the
// bare SQL of the same page replayed on one connection in the same run. See bench/README.md.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { encode } from "next-auth/jwt";
import { startServer } from "../e2e/server";
import { buildCases, type BenchCase } from "./sims-list-cases";
import { percentile, timeRuns } from "./stats";
import { positiveArg } from "./args";

const SIMS = positiveArg("sims", 1_000_000);
const RUNS = positiveArg("runs", 20);
const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sim_portal_bench";

async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
  if (!row) await sql.unsafe(`create database "${name}"`);
  await sql.end();
}

await ensureDatabase(benchUrl);
process.env.DATABASE_URL = benchUrl;
const captured: { query: string; params: unknown[] }[] = [];
const { closeDatabase, installDatabaseHandle, openDatabase } = await import("@/db");
const handle = openDatabase({ url: benchUrl, logger: { logQuery: (query, params) => captured.push({ query, params }) } });
installDatabaseHandle(handle);
const { migrateDatabase } = await import("@/db/migrate");
const { isSeeded, seedDemo } = await import("@/db/seed/demo");
const { seedFleet } = await import("@/db/seed/fleet");

await migrateDatabase(handle);
const log = (line: string) => console.log(`  ${line}`);
if (!(await isSeeded(handle.db))) await seedDemo(handle.db, { now: new Date(), log });
await seedFleet(handle.db, { sims: SIMS, now: new Date(), log });

if (!existsSync(".next/BUILD_ID")) {
  console.log("building the app (npm run build)…");
  if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) throw new Error("build failed");
}

const secret = randomBytes(32).toString("base64");
const server = await startServer({ DATABASE_URL: benchUrl, AUTH_SECRET: secret });
const bare = postgres(benchUrl, { max: 1, onnotice: () => {} });

async function cookieFor(userId: string) {
  const salt = "authjs.session-token";
  return `${salt}=${await encode({ token: { sub: userId }, secret, salt })}`;
}

async function measure(benchCase: BenchCase) {
  const cookie = await cookieFor(benchCase.viewerId);
  const get = async () => {
    const response = await fetch(`${server.baseUrl}${benchCase.path}`, { headers: { cookie } });
    const body = await response.text();
    if (response.status !== 200 || !body.includes("sims-table")) throw new Error(`${benchCase.path}: ${response.status}, no table`);
  };
  // The page's statements, captured from the same domain calls the page makes, replayed bare.
  captured.length = 0;
  await benchCase.runQueries();
  const statements = [...captured];
  const replay = async () => {
    for (const s of statements) await bare.unsafe(s.query, s.params as postgres.ParameterOrJSON<never>[]);
  };
  await timeRuns(3, get);
  await timeRuns(3, replay);
  const page = await timeRuns(RUNS, get);
  const sql = await timeRuns(RUNS, replay);
  return { page, sql, statements: statements.length };
}

// What any page of this app costs on this machine with no SIMs query at all: the floor under
// every case below, measured in the same run.
async function floor(name: string, path: string, cookie?: string) {
  const get = async () => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
    await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  };
  await timeRuns(10, get);
  const page = await timeRuns(RUNS, get);
  return `| floor | ${name} | ${percentile(page, 50).toFixed(1)} | ${percentile(page, 95).toFixed(1)} | | | | |`;
}

const rows: string[] = [];
try {
  const cases = await buildCases(handle.db);
  console.log(`\n${cases.length} cases, ${RUNS} runs each, ${SIMS.toLocaleString("en-US")} SIMs\n`);
  // A server that has just started compiles its code paths on the first requests.
  for (const benchCase of cases.slice(0, 2)) {
    const cookie = await cookieFor(benchCase.viewerId);
    await timeRuns(30, () => fetch(`${server.baseUrl}${benchCase.path}`, { headers: { cookie } }).then((r) => r.text()));
  }
  const first = cases[0];
  rows.push(await floor("GET /api/health (one SELECT 1)", "/api/health"));
  rows.push(await floor("GET /login (a page, no database)", "/login"));
  if (first) rows.push(await floor("GET /sims with no match (signed in, no rows)", "/sims?q=00000000", await cookieFor(first.viewerId)));
  for (const row of rows) console.log(row);
  for (const benchCase of cases) {
    const { page, sql, statements } = await measure(benchCase);
    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
    const ratio = percentile(page, 95) / percentile(sql, 95);
    const row = `| ${benchCase.viewer} | ${benchCase.name} | ${p(page, 50)} | ${p(page, 95)} | ${p(sql, 50)} | ${p(sql, 95)} | ${statements} | ${ratio.toFixed(2)} |`;
    rows.push(row);
    console.log(row);
  }
} finally {
  await server.stop();
  await bare.end();
  await closeDatabase();
}
console.log("\n| viewer | case | page p50 ms | page p95 ms | bare SQL p50 ms | bare SQL p95 ms | statements | p95 ratio |");
console.log("|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
