// Runs once when a server instance starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareEmbeddedDatabase } = await import("./db/bootstrap");
  await prepareEmbeddedDatabase();
  const { schedulerEnabled } = await import("./lib/env");
  if (schedulerEnabled()) {
    const { startScheduler } = await import("./lib/jobs/scheduler");
    startScheduler();
  }
}
