import { randomUUID } from "node:crypto";
import Link from "next/link";
import { PayWithCardForm } from "@/components/payments/pay-with-card-form";
import { PaymentStatusBadge } from "@/components/payments/payment-status-badge";
import { declineMessage } from "@/components/payments/payment-text";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { listInvoicePayments } from "@/db/queries/payments";
import { can } from "@/lib/auth/permissions";
import { scopeOf, type Viewer } from "@/lib/auth/viewer";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cardLabel, listCards } from "@/lib/payments/cards";
import { payInvoiceByCardAction } from "./pay-actions";

const receipt = (id: string) => `/account/payments/${id}`;

// An issued invoice's card payment: paid (with its receipt), on its way, or for the company's
// admins the form to pay it, with the last declined attempt's reason.
export async function PayByCard({ viewer, invoice }: { viewer: Viewer; invoice: { id: string; totalMinor: number; currency: string; cancelled: boolean } }) {
  const attempts = await listInvoicePayments(scopeOf(viewer), invoice.id);
  const paid = attempts.find((p) => p.status === "succeeded");
  const open = attempts.find((p) => p.status !== "succeeded" && p.status !== "failed" && p.status !== "canceled");
  const payer = can(viewer, "payments:pay");
  if (paid) {
    return (
      <Card className="print:border-0 print:shadow-none">
        <CardContent className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-800">
            <span className="mr-2 align-middle">
              <PaymentStatusBadge payment={{ status: "succeeded", refundedMinor: paid.refundedMinor, amountMinor: invoice.totalMinor }} />
            </span>
            Paid by card {formatDateTime(paid.createdAt)}
            {paid.card ? ` with ${cardLabel(paid.card)}` : ""}.
          </p>
          <Link href={receipt(paid.id)} className="text-sm font-medium text-blue-700 hover:underline print:hidden">
            Receipt
          </Link>
        </CardContent>
      </Card>
    );
  }
  if (open) {
    return (
      <Card className="print:hidden">
        <CardContent className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-800">
            <span className="mr-2 align-middle">
              <PaymentStatusBadge payment={{ status: open.status, refundedMinor: 0, amountMinor: invoice.totalMinor }} />
            </span>
            A card payment of this invoice is under way.
          </p>
          <Link href={receipt(open.id)} className="text-sm font-medium text-blue-700 hover:underline">
            {open.status === "requires_action" ? "Confirm the payment" : "See the payment"}
          </Link>
        </CardContent>
      </Card>
    );
  }
  if (!payer || invoice.cancelled || invoice.totalMinor <= 0) return null;
  const cards = await listCards(viewer);
  const lastFailed = attempts[0]?.status === "failed" ? attempts[0] : null;
  return (
    <Card className="print:hidden">
      <CardHeader title="Pay by card" description={`Pay ${formatMoney(invoice.totalMinor, invoice.currency)} now with a saved company card.`} />
      <CardContent className="space-y-3">
        {lastFailed ? (
          <p className="text-sm text-red-700">
            The last attempt, {formatDateTime(lastFailed.createdAt)}, failed: {declineMessage(lastFailed)}
          </p>
        ) : null}
        <PayWithCardForm
          hidden={{ invoiceId: invoice.id }}
          cards={cards.map((c) => ({ id: c.id, label: cardLabel(c) }))}
          idempotencyKey={randomUUID()}
          action={payInvoiceByCardAction}
          payLabel={`Pay ${formatMoney(invoice.totalMinor, invoice.currency)}`}
        />
      </CardContent>
    </Card>
  );
}
