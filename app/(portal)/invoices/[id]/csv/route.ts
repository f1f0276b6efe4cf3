// GET /invoices/[id]/csv: one invoice or credit note as CSV, streamed; its company's admins and platform staff.
import { findInvoice, iterateInvoiceLines } from "@/db/queries/invoices";
import { can } from "@/lib/auth/permissions";
import { getViewer, scopeOf } from "@/lib/auth/viewer";
import { invoiceCsvWriter } from "@/lib/billing/invoice-csv";
import { logger } from "@/lib/logger";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in to download invoices.\n", { status: 401 });
  const { id } = await params;
  // A role without invoices reads "not found", like a foreign invoice: nothing to learn from it.
  const invoice = can(viewer, "invoices:read") ? await findInvoice(scopeOf(viewer), id) : null;
  if (!invoice) return new Response("No such invoice.\n", { status: 404 });

  const csv = invoiceCsvWriter(invoice);
  const lines = iterateInvoiceLines(invoice.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csv.header()));
    },
    // One batch per pull: the client's pace drives the database reads.
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) {
          controller.enqueue(encoder.encode(csv.total()));
          controller.close();
        } else controller.enqueue(encoder.encode(csv.lines(next.value)));
      } catch (error) {
        logger.error("invoice export failed", { invoiceId: invoice.id, error });
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${invoice.number}.csv"`,
      "cache-control": "no-store",
    },
  });
}
