// GET /api/health: liveness and a database round trip; anyone may call (no data in the answer).
import { sql } from "drizzle-orm";
import { databaseHandle } from "@/db";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const handle = databaseHandle();
    await handle.db.execute(sql`select 1`);
    return Response.json({ ok: true, database: handle.kind });
  } catch (error) {
    logger.error("health check failed", { error });
    return Response.json({ ok: false }, { status: 503 });
  }
}
