// GET /sims/export: CSV of every SIM the current filters match, streamed; any signed-in role, own scope.
import { iterateSims } from "@/db/queries/sims-list";
import { getViewer, scopeOf } from "@/lib/auth/viewer";
import { can } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { csvRow } from "@/lib/csv";
import { logger } from "@/lib/logger";
import { SIM_CSV_HEADER, simCsvRow } from "@/lib/sims/export";
import { parseSimListQuery } from "@/lib/sims/list-query";

export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer || !can(viewer, "sims:export")) return new Response("Sign in to export SIMs.\n", { status: 401 });
  const parsed = parseSimListQuery(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.ok) return new Response(`Invalid filters:\n${parsed.errors.join("\n")}\n`, { status: 400 });

  const rows = iterateSims(scopeOf(viewer), { ...parsed.query, after: undefined, before: undefined }, now());
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(SIM_CSV_HEADER)));
    },
    // One batch per pull: the client's pace drives the database reads.
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(simCsvRow).join("")));
      } catch (error) {
        logger.error("sims export failed", { error });
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const date = now().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="sims-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
