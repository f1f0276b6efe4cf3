// GET /account/payments/[id]: one payment's receipt, printable; where a payment the bank wants the
// payer for is confirmed (the auto-refill e-mail links here). Whoever may read it (payments:read).
import Link from "next/link";
import { notFound } from "next/navigation";
import { type CardFormMode } from "@/components/payments/add-card";
import { ConfirmPayment } from "@/components/payments/confirm-payment";
import { PaymentStatusBadge } from "@/components/payments/payment-status-badge";
import { declineMessage, paymentSubject } from "@/components/payments/payment-text";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { DocumentToolbar } from "@/components/ui/document-toolbar";
import { findPayment, type PaymentDetail } from "@/db/queries/payments";
import { can } from "@/lib/auth/permissions";
import { requirePermission, scopeOf, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cardLabel } from "@/lib/payments/cards";
import { needsCustomer } from "@/lib/payments/on-session";
import { cardFormMode } from "@/lib/payments/registry";
import { formatVolume } from "@/lib/sims/plan-name";
import { authenticateInSandboxAction, confirmPaymentAction, refreshPaymentAction } from "./actions";

export const metadata = { title: "Payment · SIM Portal" };

const TRIGGERS: Record<string, string> = { manual: "Paid on the portal", auto_refill: "Automatic refill", invoice_auto: "Charged when the invoice was issued" };

// Only the payer whose card it was acts on it: the end user, or an admin of the paying company.
function isPayer(viewer: Viewer, payment: PaymentDetail): boolean {
  if (!can(viewer, "payments:pay")) return false;
  return viewer.role === "end_user" ? payment.payer.userId === viewer.userId : payment.payer.companyId !== null && payment.payer.companyId === viewer.companyId;
}

function modeOrNull(): CardFormMode | null {
  try {
    return cardFormMode();
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

function Bought({ payment }: { payment: PaymentDetail }) {
  if (payment.purpose === "refill") {
    return (
      <>
        {payment.packageDataBytes !== null ? formatVolume(payment.packageDataBytes) : "Refill"}
        {payment.packageValidityDays !== null ? ` for ${payment.packageValidityDays} days` : ""}
        {payment.iccid ? (
          <div className="text-xs text-slate-500">
            SIM{" "}
            <Link href={`/sims/${payment.iccid}`} className="font-mono hover:underline">
              {payment.iccid}
            </Link>
          </div>
        ) : null}
      </>
    );
  }
  if (payment.purpose === "invoice" && payment.invoiceId) {
    return (
      <Link href={`/invoices/${payment.invoiceId}`} className="hover:underline">
        Invoice {payment.invoiceNumber}
      </Link>
    );
  }
  if (payment.purpose === "wallet_top_up" && payment.walletId) {
    return (
      <Link href={`/wallet/${payment.walletId}`} className="hover:underline">
        PAYGO wallet top-up ({payment.walletCurrency})
      </Link>
    );
  }
  return <>{paymentSubject(payment)}</>;
}

export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("payments:read");
  const { id } = await params;
  const payment = await findPayment(scopeOf(viewer), id);
  if (!payment) notFound();
  const amount = formatMoney(payment.amountMinor, payment.currency);
  const waiting = needsCustomer(payment);
  const mode = waiting && isPayer(viewer, payment) ? modeOrNull() : null;
  const staff = viewer.role === "staff";

  return (
    <div className="mx-auto max-w-3xl space-y-6 print:max-w-none print:space-y-4">
      <DocumentToolbar backHref={staff ? "/admin/payments" : "/account#payments"} backLabel={staff ? "All payments" : "Account"} csvHref={`/account/payments/${payment.id}/csv`} />

      {waiting ? (
        <Card className="border-amber-300 print:hidden">
          <CardHeader title="Your bank asks you to confirm this payment" description="Nothing has been charged yet. Confirm it with your bank to complete it." />
          <CardContent>
            {mode ? (
              <ConfirmPayment
                paymentId={payment.id}
                amount={amount}
                mode={mode}
                confirmAction={confirmPaymentAction}
                authenticateAction={authenticateInSandboxAction}
                refreshAction={refreshPaymentAction}
              />
            ) : (
              <p className="text-sm text-slate-600">Only the card holder who made this payment can confirm it.</p>
            )}
          </CardContent>
        </Card>
      ) : null}

      <Card className="print:border-0 print:shadow-none">
        <CardContent className="space-y-6">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h1 className="text-xl font-semibold tracking-tight text-slate-900">Receipt</h1>
              <p className="mt-1 text-sm text-slate-600">{paymentSubject(payment)}</p>
            </div>
            <div className="text-right">
              <div className="text-xs font-medium text-slate-500">Amount</div>
              <div className="text-2xl font-semibold text-slate-900 tabular-nums">{amount}</div>
              <div className="mt-1">
                <PaymentStatusBadge payment={payment} />
              </div>
            </div>
          </div>
          {payment.status === "failed" ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {declineMessage(payment)}
            </p>
          ) : null}
          {payment.creditError ? (
            <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Paid, but nothing could be added: {payment.creditError} Platform staff refund such payments.
            </p>
          ) : null}
          <DetailList columns={2}>
            <DetailItem label="For">
              <Bought payment={payment} />
            </DetailItem>
            <DetailItem label="Date">{formatDateTime(payment.createdAt)}</DetailItem>
            <DetailItem label="Card">{payment.card ? cardLabel(payment.card) : "—"}</DetailItem>
            <DetailItem label="How">{TRIGGERS[payment.trigger] ?? payment.trigger}</DetailItem>
            {payment.companyName ? <DetailItem label="Company">{payment.companyName}</DetailItem> : null}
            {payment.paidByEmail ? <DetailItem label="Paid by">{payment.paidByEmail}</DetailItem> : null}
            {payment.creditedAt ? <DetailItem label="Added">{formatDateTime(payment.creditedAt)}</DetailItem> : null}
            {payment.refundedMinor > 0 ? <DetailItem label="Refunded">{formatMoney(payment.refundedMinor, payment.currency)}</DetailItem> : null}
            <DetailItem label="Payment reference">
              <span className="font-mono text-xs break-all">{payment.providerPaymentId ?? payment.id}</span>
            </DetailItem>
          </DetailList>
        </CardContent>
      </Card>
    </div>
  );
}
