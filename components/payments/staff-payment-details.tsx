import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { StaffPaymentDetail } from "@/db/queries/payments-staff";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { formatMb } from "@/lib/units";
import { failureCodes, PaymentStatusBadge, purposeLabel, RefundedBadge, RefundStatusBadge, triggerLabel } from "./staff-payment-badges";
import { SimLink, STAFF_TABLE_CELLS } from "./staff-payments-table";

const none = <span className="text-slate-400">—</span>;
const mono = (value: string | null, empty: ReactNode = none) => (value ? <code className="font-mono text-xs break-all text-slate-800">{value}</code> : empty);

// What the payment bought: the package for a refill, the wallet or the invoice it paid.
function Bought({ detail }: { detail: StaffPaymentDetail }) {
  const p = detail.payment;
  if (p.purpose === "refill" && p.packageDataBytes !== null) return <>{`${formatMb(p.packageDataBytes)} MB for ${p.packageValidityDays ?? "?"} days`}</>;
  if (p.purpose === "wallet_top_up" && p.walletId)
    return (
      <Link href={`/wallet/${p.walletId}`} className="underline-offset-2 hover:underline">
        {detail.walletCurrency ?? p.currency} wallet
      </Link>
    );
  if (p.purpose === "invoice" && p.invoiceId)
    return (
      <Link href={`/invoices/${p.invoiceId}`} className="underline-offset-2 hover:underline">
        Invoice {detail.invoiceNumber ?? ""}
      </Link>
    );
  return none;
}

// The payment as staff check it before refunding: the money, who and what it was for, and its
// state; then the provider's references for looking it up in the provider's dashboard.
export function StaffPaymentSummary({ detail }: { detail: StaffPaymentDetail }) {
  const p = detail.payment;
  const codes = failureCodes(p);
  return (
    <Card>
      <CardHeader title="Payment" />
      <CardContent>
        <DetailList columns={3}>
          <DetailItem label="Status">
            <span className="flex flex-wrap items-center gap-1">
              <PaymentStatusBadge status={p.status} />
              <RefundedBadge amountMinor={p.amountMinor} refundedMinor={p.refundedMinor} currency={p.currency} />
            </span>
          </DetailItem>
          <DetailItem label="Amount">
            <span className="tabular-nums">{formatMoney(p.amountMinor, p.currency)}</span>
          </DetailItem>
          <DetailItem label="Refunded">
            <span className="tabular-nums">{formatMoney(p.refundedMinor, p.currency)}</span>
          </DetailItem>
          <DetailItem label={purposeLabel(p.purpose)}>
            <Bought detail={detail} />
          </DetailItem>
          <DetailItem label="Started by">
            {triggerLabel(p.trigger)}
            {p.trigger === "auto_refill" ? <div className="text-xs text-slate-500">{`Threshold crossing ${p.crossing ?? "?"}, attempt ${p.attempt}`}</div> : null}
          </DetailItem>
          <DetailItem label="SIM">
            <SimLink iccid={detail.simIccid} />
          </DetailItem>
          <DetailItem label="Company">{detail.companyName ?? none}</DetailItem>
          <DetailItem label="End user">{detail.userEmail ?? none}</DetailItem>
          <DetailItem label="Paid by">{detail.createdByEmail ?? <span className="text-slate-500">Nobody: charged automatically</span>}</DetailItem>
          <DetailItem label="Card">{detail.cardLabel ?? none}</DetailItem>
          <DetailItem label="Created">{formatDateTime(p.createdAt)}</DetailItem>
          <DetailItem label="Last change">{formatDateTime(p.updatedAt)}</DetailItem>
          {/* Settlement sets credited_at even when the credit failed: then nothing was added. */}
          <DetailItem label="Credited">
            {p.creditedAt && !p.creditError ? formatDateTime(p.creditedAt) : <span className="text-slate-500">{p.creditedAt ? `Nothing (settled ${formatDateTime(p.creditedAt)})` : p.status === "succeeded" ? "Not yet" : "—"}</span>}
          </DetailItem>
          {p.creditError ? (
            <DetailItem label="Credit error" wide>
              <span className="text-red-700">{p.creditError}</span>
            </DetailItem>
          ) : null}
          {codes || p.failureMessage ? (
            <DetailItem label="Failure" wide>
              {codes ? <code className="font-mono text-xs text-red-700">{codes}</code> : null}
              {p.failureMessage ? <div>{p.failureMessage}</div> : null}
            </DetailItem>
          ) : null}
        </DetailList>
      </CardContent>
    </Card>
  );
}

export function StaffPaymentReferences({ detail }: { detail: StaffPaymentDetail }) {
  const p = detail.payment;
  return (
    <Card>
      <CardHeader title="References" description="To find this payment in the provider's dashboard or in the logs." />
      <CardContent>
        <DetailList columns={2}>
          <DetailItem label="Provider">{p.provider === "sandbox" ? "Sandbox (no real money)" : p.provider}</DetailItem>
          <DetailItem label="Payment id">{mono(p.id)}</DetailItem>
          <DetailItem label="Provider payment id">{mono(p.providerPaymentId, <span className="text-slate-500">None: the provider never confirmed it</span>)}</DetailItem>
          <DetailItem label="Provider customer id">{mono(detail.providerCustomerId)}</DetailItem>
          <DetailItem label="Idempotency key" wide>
            {mono(p.idempotencyKey)}
          </DetailItem>
        </DetailList>
      </CardContent>
    </Card>
  );
}

export function StaffRefundsTable({ detail }: { detail: StaffPaymentDetail }) {
  const currency = detail.payment.currency;
  return (
    <Table label="Refunds" className={STAFF_TABLE_CELLS}>
      <THead>
        <tr>
          <TH>Made (UTC)</TH>
          <TH align="right">Amount</TH>
          <TH>Status</TH>
          <TH>Reason</TH>
          <TH>By</TH>
          <TH>Provider refund id</TH>
        </tr>
      </THead>
      <TBody>
        {detail.refunds.map((r) => (
          <tr key={r.id}>
            <td className="whitespace-nowrap tabular-nums">{formatDateTime(r.createdAt).replace(" UTC", "")}</td>
            <td className="text-right whitespace-nowrap tabular-nums">{formatMoney(r.amountMinor, currency)}</td>
            <td>
              <RefundStatusBadge status={r.status} />
            </td>
            <td className="max-w-80">{r.reason}</td>
            <td>{r.createdByEmail ?? none}</td>
            <td>{mono(r.providerRefundId)}</td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
