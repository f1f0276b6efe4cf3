// Starts the production build (`next start`) on a free port against the configured database,
// runs the browser tests (node:test) against it, and stops it. Expects `npm run build` and a
// seeded database (`npm run db:seed`) first.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(baseUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${baseUrl} did not become healthy in ${timeoutMs} ms`);
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const env = { ...process.env, AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"), PORT: String(port) };
const server = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "inherit", "inherit"] });

let code = 1;
try {
  await waitForHealth(baseUrl, 60_000);
  const files = readdirSync("e2e").filter((f) => f.endsWith(".e2e.ts")).map((f) => `e2e/${f}`);
  const tests = spawn("node_modules/.bin/tsx", ["--test", "--test-concurrency=1", ...files], {
    env: { ...env, BASE_URL: baseUrl },
    stdio: "inherit",
  });
  code = await new Promise<number>((resolve) => tests.on("exit", (c) => resolve(c ?? 1)));
} finally {
  server.kill("SIGTERM");
}
process.exit(code);
