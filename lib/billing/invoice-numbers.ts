import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/sql";
import type { Tx } from "@/lib/sims/sim-change";

// Invoice and credit-note numbers: one series per year of issue ("INV-2026-000001"), shared by
// invoices and credit notes so the sequence a tax auditor reads has no holes. The counter row is
// taken with an upsert inside the caller's transaction: it stays locked until the document is
// committed, and a rollback gives the number back, so the series is gapless by construction.
export function seriesOf(issuedAt: Date): string {
  return `INV-${issuedAt.getUTCFullYear()}`;
}

export async function allocateInvoiceNumber(tx: Tx, issuedAt: Date): Promise<string> {
  const series = seriesOf(issuedAt);
  const [row] = rowsOf(
    await tx.execute(sql`
      INSERT INTO invoice_number_counters (series, next) VALUES (${series}, 2)
      ON CONFLICT (series) DO UPDATE SET next = invoice_number_counters.next + 1
      RETURNING next - 1 AS n`),
  );
  const n = Number(row?.n);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`invoice number counter returned ${String(row?.n)}`);
  return `${series}-${String(n).padStart(6, "0")}`;
}
