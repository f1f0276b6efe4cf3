// Benchmark of the CSV import of SIMs (`npx tsx bench/sims-import.ts`): a valid file of
// 10,000 rows (real Luhn ICCIDs; half eSIMs with EID and activation code; half with company, plan
// and labels) through the same domain calls the page's action makes: previewSimImport (parse +
// check, no writes) and importSims (parse + check again + write, one transaction).
// PGlite in memory by default; with BENCH_IMPORT_DATABASE_URL, a PostgreSQL database of that name,
// dropped and created afresh. See bench/README.md for the figures.
import postgres from "postgres";
import { positiveArg } from "./args";

const ROWS = positiveArg("rows", 10_000);
const RUNS = positiveArg("runs", 3);
const url = process.env.BENCH_IMPORT_DATABASE_URL?.trim() || undefined;

async function recreateDatabase(target: string) {
  const name = new URL(target).pathname.slice(1);
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sqlAdmin.unsafe(`drop database if exists "${name}" with (force)`);
  await sqlAdmin.unsafe(`create database "${name}"`);
  await sqlAdmin.end();
}

if (url) await recreateDatabase(url);
const { closeDatabase, installDatabaseHandle, openDatabase } = await import("@/db");
const handle = openDatabase(url ? { url } : { pgliteDir: "memory://" });
installDatabaseHandle(handle);
const db = handle.db;
const { migrateDatabase } = await import("@/db/migrate");
const { companies, labels, operators, plans, users } = await import("@/db/schema");
const { importSims, previewSimImport } = await import("@/db/queries/sim-import");
const { sampleEid, sampleIccid } = await import("@/lib/sims/import/sample");
await migrateDatabase(handle);

const [staff] = await db.insert(users).values({ email: "bench-staff@example.com", role: "staff" }).returning();
const [acme] = await db.insert(companies).values({ name: "Acme" }).returning();
const [live, dark] = await db
  .insert(operators)
  .values([
    { name: "Live Mobile", countryCode: "GB", currency: "GBP", driver: "simulator" },
    { name: "Dark Tel", countryCode: "ES", currency: "EUR", driver: "none" },
  ])
  .returning();
if (!staff || !acme || !live || !dark) throw new Error("fixture");
await db.insert(plans).values({ operatorId: live.id, type: "paygo", customName: "Live Go", currency: "GBP", defaultPerMbMicros: 10_000 });
await db.insert(labels).values([{ name: "Fleet" }, { name: "Trucks", companyId: acme.id }]);
const viewer = { userId: staff.id, role: staff.role };

function file(run: number): string {
  const lines = ["iccid,operator,form_factor,imsi,msisdn,eid,activation_code,company,plan,labels"];
  for (let i = 0; i < ROWS; i += 1) {
    const n = run * ROWS + i;
    const iccid = sampleIccid(n);
    const imsi = `23415${String(n).padStart(10, "0")}`;
    const msisdn = `447${String(n).padStart(9, "0")}`;
    const esim = i % 2 === 0;
    const product = i % 4 < 2;
    const operator = product || i % 10 !== 3 ? "Live Mobile" : "Dark Tel";
    lines.push(
      [
        iccid,
        operator,
        esim ? "esim" : "physical",
        imsi,
        msisdn,
        esim ? sampleEid(n) : "",
        esim ? `LPA:1$smdp.example.com$M-${n}` : "",
        product ? "Acme" : "",
        product ? "Live Go" : "",
        product ? "Fleet;Trucks" : "",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

console.log(`Import of ${ROWS.toLocaleString("en-US")} rows on ${handle.kind} (${handle.location}), ${RUNS} runs`);
for (let run = 0; run < RUNS; run += 1) {
  const started = performance.now();
  const text = file(run);
  const generated = performance.now();
  const preview = await previewSimImport(viewer, text);
  const previewed = performance.now();
  if (!preview.ok || preview.report.issues.length > 0) throw new Error(`preview found problems: ${JSON.stringify(preview).slice(0, 500)}`);
  const result = await importSims(viewer, text, "all");
  const imported = performance.now();
  if (!result.ok || result.imported !== ROWS) throw new Error(`import failed: ${JSON.stringify(result).slice(0, 500)}`);
  console.log(
    `run ${run + 1}: file ${(text.length / 1e6).toFixed(2)} MB made in ${(generated - started).toFixed(0)} ms; ` +
      `preview (parse + check) ${(previewed - generated).toFixed(0)} ms; import (parse + check + write) ${(imported - previewed).toFixed(0)} ms`,
  );
}
await closeDatabase();
