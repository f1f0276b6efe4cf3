// GET|POST /api/cron/<job>[?query]: the scheduler (Vercel Cron, a CronJob, systemd) with Bearer CRON_SECRET.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isAuthorizedCronCall } from "@/lib/jobs/cron-auth";
import { jobNamed } from "@/lib/jobs/registry";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";
// A sync of a large fleet takes a while; platforms that cap function time read this.
export const maxDuration = 300;

async function run(request: Request, { params }: { params: Promise<{ job: string }> }) {
  if (!isAuthorizedCronCall(request.headers.get("authorization"), env().CRON_SECRET)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const { job } = await params;
  const handler = jobNamed(job);
  if (!handler) return Response.json({ error: `unknown job ${job}` }, { status: 404 });
  const started = Date.now();
  try {
    const summary = await handler(new URL(request.url).searchParams);
    return Response.json({ job, ok: true, ms: Date.now() - started, ...(summary as object) });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") return Response.json({ job, ok: false, error: error.userMessage }, { status: 400 });
    logger.error("cron job failed", { job, error });
    return Response.json({ job, ok: false, error: "The job failed; see the server log" }, { status: 500 });
  }
}

export { run as GET, run as POST };
