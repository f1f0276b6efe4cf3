import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import { ATTENTION_LIMIT, type StaffAttention, type StaffPaymentRow } from "@/db/queries/payments-staff";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { failureCodes, PaymentStatusBadge, pauseReasonLabel, purposeLabel } from "./staff-payment-badges";
import { paymentHref, SimLink, STAFF_TABLE_CELLS } from "./staff-payments-table";

// The top of /admin/payments: what a person must act on. Each group shows only when it has rows.
export function StaffAttention({ attention, now }: { attention: StaffAttention; now: Date }) {
  return (
    <section aria-labelledby="attention-heading" className="mb-8 space-y-5">
      <div className="flex items-center gap-2">
        <h2 id="attention-heading" className="text-sm font-semibold text-slate-900">
          Needs attention
        </h2>
        <Badge tone={attention.total > 0 ? "red" : "green"}>{attention.total}</Badge>
      </div>
      {attention.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-5 text-sm text-slate-500">
          Nothing needs attention: no auto-refill is paused by a failed charge, every paid payment was credited or refunded, and no payment is waiting on the payment service.
        </p>
      ) : null}
      {attention.paused.length > 0 ? (
        <Group title="Auto-refill paused" count={attention.paused.length} hint="A charge failed and auto-refill stopped. The customer must update their card or authenticate; it resumes when they save their auto-refill again.">
          <Table label="Paused auto-refills" className={STAFF_TABLE_CELLS} containerClassName="max-h-96">
            <THead>
              <tr>
                <TH>SIM</TH>
                <TH>Company</TH>
                <TH>Paused (UTC)</TH>
                <TH>Why</TH>
                <TH>Last failed charge</TH>
              </tr>
            </THead>
            <TBody>
              {attention.paused.map((row) => (
                <tr key={row.simId}>
                  <td className="whitespace-nowrap">
                    <SimLink iccid={row.simIccid} />
                  </td>
                  <td>{row.companyName ?? "—"}</td>
                  <td className="whitespace-nowrap tabular-nums">{row.pausedAt ? formatDateTime(row.pausedAt).replace(" UTC", "") : "—"}</td>
                  <td>{pauseReasonLabel(row.pauseReason)}</td>
                  <td>
                    {row.lastFailure ? (
                      <Link href={paymentHref(row.lastFailure.paymentId)} className="hover:underline">
                        <span className="font-mono text-xs text-red-700">{failureCodes(row.lastFailure) ?? "failed"}</span>
                        {row.lastFailure.failureMessage ? <span className="block text-xs text-slate-500">{row.lastFailure.failureMessage}</span> : null}
                      </Link>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </TBody>
          </Table>
        </Group>
      ) : null}
      {attention.uncredited.length > 0 ? (
        <Group title="Paid, nothing credited" count={attention.uncredited.length} hint="The card was charged but the refill or top-up could not be applied. Refund what was not refunded yet.">
          <PaymentsAttentionTable rows={attention.uncredited} label="Payments paid but not credited" detail={(row) => <span className="text-red-700">{row.creditError}</span>} action="Refund" />
        </Group>
      ) : null}
      {attention.unsettled.length > 0 ? (
        <Group title="Not confirmed by the payment service" count={attention.unsettled.length} hint="Given up by reconciliation, or pending or processing for over an hour. Check the payment in the provider's dashboard.">
          <PaymentsAttentionTable
            rows={attention.unsettled}
            label="Payments not confirmed"
            detail={(row) => (row.status === "canceled" ? <span className="text-slate-600">{row.failureMessage}</span> : <span className="text-amber-800">{waitingFor(row.createdAt, now)}</span>)}
            action="Open"
          />
        </Group>
      ) : null}
    </section>
  );
}

function Group({ title, count, hint, children }: { title: string; count: number; hint: string; children: ReactNode }) {
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-900">
        {title} <span className="text-slate-500 tabular-nums">({count >= ATTENTION_LIMIT ? `${ATTENTION_LIMIT}+` : count})</span>
      </h3>
      <p className="mb-2 text-xs text-slate-500">{hint}</p>
      {children}
    </div>
  );
}

function PaymentsAttentionTable({ rows, label, detail, action }: { rows: StaffPaymentRow[]; label: string; detail: (row: StaffPaymentRow) => ReactNode; action: string }) {
  return (
    <Table label={label} className={STAFF_TABLE_CELLS} containerClassName="max-h-96">
      <THead>
        <tr>
          <TH>Created (UTC)</TH>
          <TH>Company</TH>
          <TH>For</TH>
          <TH align="right">Amount</TH>
          <TH>Status</TH>
          <TH>Details</TH>
          <TH>
            <span className="sr-only">Action</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td className="whitespace-nowrap tabular-nums">{formatDateTime(row.createdAt).replace(" UTC", "")}</td>
            <td>{row.companyName ?? "—"}</td>
            <td className="whitespace-nowrap">
              {purposeLabel(row.purpose)}
              {row.simIccid ? <span className="block font-mono text-xs text-slate-500">{row.simIccid}</span> : null}
            </td>
            <td className="text-right whitespace-nowrap tabular-nums">
              {formatMoney(row.amountMinor, row.currency)}
              {row.refundedMinor > 0 ? <span className="block text-xs text-slate-500">{formatMoney(row.refundedMinor, row.currency)} refunded</span> : null}
            </td>
            <td>
              <PaymentStatusBadge status={row.status} />
            </td>
            <td className="text-xs">{detail(row)}</td>
            <td className="text-right whitespace-nowrap">
              <Link href={paymentHref(row.id)} className="text-sm font-medium text-slate-900 underline-offset-2 hover:underline" aria-label={`${action} the payment of ${formatDateTime(row.createdAt)}`}>
                {action} →
              </Link>
            </td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

function waitingFor(since: Date, now: Date): string {
  const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
  return hours >= 48 ? `Waiting for ${Math.floor(hours / 24)} days` : `Waiting for ${hours} h`;
}
