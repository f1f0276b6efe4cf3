// GET /wallet/[id]/statements/[month]/csv: a wallet's monthly statement as CSV; its company's admins and platform staff.
import { findWalletStatement } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { getViewer, scopeOf } from "@/lib/auth/viewer";
import { statementCsv } from "@/lib/billing/statement-csv";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; month: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in to download statements.\n", { status: 401 });
  const { id, month } = await params;
  // A role without wallets reads "not found", like a foreign wallet: nothing to learn from it.
  const statement = can(viewer, "wallets:read") ? await findWalletStatement(scopeOf(viewer), id, month) : null;
  if (!statement) return new Response("No such statement.\n", { status: 404 });
  const { wallet } = statement;
  const csv = statementCsv({
    companyName: wallet.companyName,
    currency: wallet.currency,
    month: statement.month,
    timeZone: statement.period.timeZone,
    openingMicros: statement.openingMicros,
    closingMicros: statement.closingMicros,
    lines: statement.lines,
    credits: statement.credits,
  });
  const slug = wallet.companyName.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "wallet";
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="statement-${slug}-${wallet.currency}-${statement.month}.csv"`,
      "cache-control": "no-store",
    },
  });
}
