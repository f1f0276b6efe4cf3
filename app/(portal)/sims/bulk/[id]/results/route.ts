// GET /sims/bulk/[id]/results: CSV of every SIM of a bulk action with its result; staff and the company's admins.
import { findBulkJob, iterateBulkJobItems } from "@/db/queries/bulk-jobs";
import { can } from "@/lib/auth/permissions";
import { getViewer, scopeOf } from "@/lib/auth/viewer";
import { csvRow } from "@/lib/csv";

const OUTCOME_TEXT: Record<string, string> = { queued: "waiting", changed: "changed", unchanged: "already so", refused: "refused" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer || !can(viewer, "sims:bulk")) return new Response("Sign in to read bulk results.\n", { status: 401 });
  const { id } = await params;
  const job = /^[0-9a-f-]{36}$/.test(id) ? await findBulkJob(scopeOf(viewer), id) : null;
  if (!job) return new Response("No such bulk action.\n", { status: 404 });
  const items = iterateBulkJobItems(job.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(["iccid", "result", "reason"])));
    },
    async pull(controller) {
      const next = await items.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((item) => csvRow([item.iccid, OUTCOME_TEXT[item.outcome] ?? item.outcome, item.message])).join("")));
    },
    async cancel() {
      await items.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="bulk-${job.id}.csv"`,
      "cache-control": "no-store",
    },
  });
}
