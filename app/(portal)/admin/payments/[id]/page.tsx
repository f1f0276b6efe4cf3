// GET /admin/payments/[id]: one card payment, its refunds and the refund form; platform staff only.
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { purposeLabel } from "@/components/payments/staff-payment-badges";
import { StaffPaymentReferences, StaffPaymentSummary, StaffRefundsTable } from "@/components/payments/staff-payment-details";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { staffFindPayment } from "@/db/queries/payments-staff";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { STAFF_NOTE_MAX_LENGTH } from "@/lib/billing/staff-note";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { moneyForForm } from "@/lib/plans/plan-amounts";
import { RefundForm } from "./refund-form";

export const metadata = { title: "Payment · SIM Portal" };

export default async function StaffPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("payments:refund");
  const { id } = await params;
  const detail = await staffFindPayment(scopeOf(viewer), id);
  if (!detail) notFound();
  const p = detail.payment;

  return (
    <div className="mx-auto max-w-5xl">
      <Link href="/admin/payments" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
        ← All payments
      </Link>
      <PageHeader
        className="mt-3"
        title={`${formatMoney(p.amountMinor, p.currency)} · ${purposeLabel(p.purpose)}`}
        description={`${detail.companyName ?? detail.userEmail ?? "No company"}, ${formatDateTime(p.createdAt)}`}
      />
      <div className="space-y-6">
        {p.creditError && p.refundedMinor < p.amountMinor ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            <p className="font-medium">Paid, but nothing was credited.</p>
            <p className="mt-1">{p.creditError} Refund the payment below.</p>
          </div>
        ) : null}
        <StaffPaymentSummary detail={detail} />
        <StaffPaymentReferences detail={detail} />
        <Card>
          <CardHeader
            title="Refunds"
            description={
              p.purpose === "wallet_top_up"
                ? "A refund takes the amount back out of the company's wallet."
                : p.purpose === "refill"
                  ? "A refund does not take back the refill's data (it may be used already); suspend the SIM if you must."
                  : "A refund gives the money back to the card; the invoice's own record does not change."
            }
          />
          <CardContent className="space-y-6">
            {detail.refunds.length > 0 ? <StaffRefundsTable detail={detail} /> : p.status === "succeeded" ? <p className="text-sm text-slate-500">No refunds yet.</p> : null}
            {detail.refundableMinor > 0 ? (
              <RefundForm
                paymentId={p.id}
                // New on each rendering: once a refund is made, the page renders again and the next
                // submission is a new refund; a refused or timed-out one keeps its key.
                idempotencyKey={randomUUID()}
                currency={p.currency}
                left={moneyForForm(detail.refundableMinor, p.currency)}
                leftLabel={formatMoney(detail.refundableMinor, p.currency)}
                reasonMaxLength={STAFF_NOTE_MAX_LENGTH}
              />
            ) : (
              <p className="text-sm text-slate-500">{p.status === "succeeded" ? "Nothing left to refund: the whole payment is refunded or being refunded." : "Only a succeeded payment can be refunded."}</p>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
