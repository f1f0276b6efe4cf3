import { logger } from "@/lib/logger";
import { JOBS } from "./registry";

// The in-process scheduler for development: calls every cron job once a minute so `npm run dev`
// shows sessions and usage changing. Production uses an outside scheduler calling
// /api/cron/<job> (README); set SCHEDULER=on to run this one there too, SCHEDULER=off to stop it.

const INTERVAL_MS = 60_000;
const FIRST_RUN_MS = 5_000;

type SchedulerState = { timer?: NodeJS.Timeout; running: boolean };
const state: SchedulerState = ((globalThis as { __cronScheduler?: SchedulerState }).__cronScheduler ??= { running: false });

async function tick(): Promise<void> {
  // A slow run is not stacked on: the next tick waits for it.
  if (state.running) return;
  state.running = true;
  try {
    for (const [name, job] of Object.entries(JOBS)) {
      const started = Date.now();
      try {
        const summary = await job(new URLSearchParams());
        logger.info("scheduled job ran", { job: name, ms: Date.now() - started, summary });
      } catch (error) {
        logger.error("scheduled job failed", { job: name, error });
      }
    }
  } finally {
    state.running = false;
  }
}

export function startScheduler(): void {
  if (state.timer) return;
  logger.info("in-process scheduler started (SCHEDULER=off to disable)", { everySeconds: INTERVAL_MS / 1000 });
  setTimeout(() => void tick(), FIRST_RUN_MS).unref();
  state.timer = setInterval(() => void tick(), INTERVAL_MS);
  state.timer.unref();
}

export function stopScheduler(): void {
  clearInterval(state.timer);
  state.timer = undefined;
}
