// Runs the browser tests (node:test, *.e2e.ts) against the production build on the configured
// database; expects `npm run build` and a seeded database (`npm run db:seed`) first.
// `--dev` runs them against `npm run dev` instead, on whatever embedded database PGLITE_DIR names:
// from an empty folder, that proves the first-start migration and seed.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { startServer } from "./server";

const server = await startServer({}, process.argv.includes("--dev") ? "dev" : "start");
let code = 1;
try {
  const files = readdirSync("e2e").filter((f) => f.endsWith(".e2e.ts")).map((f) => `e2e/${f}`);
  const tests = spawn("node_modules/.bin/tsx", ["--test", "--test-concurrency=1", ...files], {
    env: { ...server.env, BASE_URL: server.baseUrl },
    stdio: "inherit",
  });
  code = await new Promise<number>((resolve) => tests.on("exit", (c) => resolve(c ?? 1)));
} finally {
  await server.stop();
}
process.exit(code);
