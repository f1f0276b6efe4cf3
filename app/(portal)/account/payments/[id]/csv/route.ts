// GET /account/payments/[id]/csv: one payment's receipt as CSV (for expense tools); whoever may
// read the payment (payments:read, in the viewer's scope).
import { declineMessage, paymentStatusView, paymentSubject } from "@/components/payments/payment-text";
import { findPayment } from "@/db/queries/payments";
import { can } from "@/lib/auth/permissions";
import { getViewer, scopeOf } from "@/lib/auth/viewer";
import { csvRow } from "@/lib/csv";
import { moneyForForm } from "@/lib/plans/plan-amounts";
import { cardLabel } from "@/lib/payments/cards";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in to download receipts.\n", { status: 401 });
  const { id } = await params;
  const payment = can(viewer, "payments:read") ? await findPayment(scopeOf(viewer), id) : null;
  if (!payment) return new Response("No such payment.\n", { status: 404 });
  const body =
    csvRow(["payment_id", "date", "for", "amount", "currency", "card", "status", "refunded", "reference", "failure"]) +
    csvRow([
      payment.id,
      payment.createdAt.toISOString(),
      paymentSubject(payment),
      moneyForForm(payment.amountMinor, payment.currency),
      payment.currency,
      payment.card ? cardLabel(payment.card) : "",
      paymentStatusView(payment).label,
      moneyForForm(payment.refundedMinor, payment.currency),
      payment.providerPaymentId ?? "",
      payment.status === "failed" ? declineMessage(payment) : "",
    ]);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="payment-${payment.id}.csv"`,
      "cache-control": "no-store",
    },
  });
}
