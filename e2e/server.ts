// Starts the app on a free loopback port and waits until it is healthy: the production build
// (`next start`) by default, or `next dev` as a newcomer runs it. Used by the browser tests and
// the benchmarks.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
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
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${baseUrl} did not become healthy in ${timeoutMs} ms`);
}

export type RunningServer = { baseUrl: string; env: NodeJS.ProcessEnv; stop(): Promise<void> };

export async function startServer(extraEnv: Record<string, string> = {}, mode: "start" | "dev" = "start"): Promise<RunningServer> {
  const port = await freePort();
  // `next dev` serves its scripts and hot-reload socket only to the origins it trusts, localhost
  // among them; the production server is pinned to the loopback address.
  const baseUrl = mode === "dev" ? `http://localhost:${port}` : `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    // Tests call the cron jobs themselves, when they want, with this secret.
    CRON_SECRET: process.env.CRON_SECRET ?? randomBytes(24).toString("hex"),
    SCHEDULER: "off",
    ...extraEnv,
  };
  const host = mode === "dev" ? [] : ["-H", "127.0.0.1"];
  // Its own process group, so that stopping it also stops the server process `next` starts.
  const child = spawn("node_modules/.bin/next", [mode, "-p", String(port), ...host], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  // Resolves once the server has exited, so its files (the embedded database) are closed.
  const stop = async () => {
    signal("SIGTERM");
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000).unref());
    if ((await Promise.race([exited, timeout])) === "timeout") signal("SIGKILL");
    await exited;
  };
  try {
    // A first `next dev` also compiles on demand and migrates and seeds the embedded database.
    await waitForHealth(baseUrl, mode === "dev" ? 240_000 : 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, env, stop };
}
