import Link from "next/link";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { StaffPaymentRow } from "@/db/queries/payments-staff";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { failureCodes, PaymentStatusBadge, purposeLabel, RefundedBadge, triggerLabel } from "./staff-payment-badges";

export const STAFF_TABLE_CELLS =
  "[&_td]:border-b [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_td]:text-slate-700 " +
  "[&_tr:last-child_td]:border-b-0 [&_tbody_tr:hover]:bg-slate-50";

export function paymentHref(id: string): string {
  return `/admin/payments/${id}`;
}

export function SimLink({ iccid }: { iccid: string | null }) {
  if (!iccid) return <span className="text-slate-400">—</span>;
  return (
    <Link href={`/sims/${iccid}`} className="font-mono text-xs text-slate-700 hover:text-slate-900 hover:underline">
      {iccid}
    </Link>
  );
}

// Every company's payments (the list page); each row opens the payment.
export function StaffPaymentsTable({ rows }: { rows: StaffPaymentRow[] }) {
  return (
    <Table label="Payments" data-testid="staff-payments-table" className={STAFF_TABLE_CELLS}>
      <THead>
        <tr>
          <TH>Created (UTC)</TH>
          <TH>Company</TH>
          <TH>For</TH>
          <TH>SIM</TH>
          <TH>Card</TH>
          <TH align="right">Amount</TH>
          <TH>Status</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => {
          const codes = failureCodes(row);
          return (
            <tr key={row.id} data-payment-id={row.id}>
              <td className="whitespace-nowrap tabular-nums">
                <Link href={paymentHref(row.id)} className="font-medium text-slate-900 hover:underline">
                  {formatDateTime(row.createdAt).replace(" UTC", "")}
                </Link>
              </td>
              <td className="max-w-48 truncate" title={row.companyName ?? undefined}>
                {row.companyName ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="whitespace-nowrap">
                <div className="text-slate-900">{purposeLabel(row.purpose)}</div>
                <div className="text-xs text-slate-500">{triggerLabel(row.trigger)}</div>
              </td>
              <td className="whitespace-nowrap">
                <SimLink iccid={row.simIccid} />
              </td>
              <td className="text-xs whitespace-nowrap text-slate-600">{row.cardLabel ?? <span className="text-slate-400">—</span>}</td>
              <td className="text-right whitespace-nowrap tabular-nums">{formatMoney(row.amountMinor, row.currency)}</td>
              <td>
                <div className="flex flex-wrap items-center gap-1">
                  <PaymentStatusBadge status={row.status} />
                  <RefundedBadge amountMinor={row.amountMinor} refundedMinor={row.refundedMinor} currency={row.currency} />
                </div>
                {codes ? <div className="mt-0.5 font-mono text-xs text-red-700">{codes}</div> : null}
                {row.creditError ? <div className="mt-0.5 text-xs text-red-700">Not credited</div> : null}
              </td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
