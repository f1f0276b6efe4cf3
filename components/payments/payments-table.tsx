import Link from "next/link";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { PaymentListRow } from "@/db/queries/payments";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cardLabel } from "@/lib/payments/cards";
import { PaymentStatusBadge } from "./payment-status-badge";
import { declineMessage, paymentSubject } from "./payment-text";

// Payment history: what was paid for, with which card, its status and a link to its receipt.
export function PaymentsTable({ rows, receiptHref }: { rows: PaymentListRow[]; receiptHref: (id: string) => string }) {
  return (
    <Table label="Payments" containerClassName="max-h-none">
      <THead>
        <tr>
          <TH>Date</TH>
          <TH>For</TH>
          <TH>Card</TH>
          <TH align="right">Amount</TH>
          <TH>Status</TH>
          <TH>
            <span className="sr-only">Receipt</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => {
          const subject = paymentSubject(row);
          return (
            <tr key={row.id} className="border-b border-slate-100 align-top text-sm">
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">{formatDateTime(row.createdAt)}</td>
              <td className="px-3 py-2 text-slate-900">{subject}</td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">{row.card ? cardLabel(row.card) : "—"}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap text-slate-900 tabular-nums">{formatMoney(row.amountMinor, row.currency)}</td>
              <td className="px-3 py-2">
                <PaymentStatusBadge payment={row} />
                {row.status === "failed" ? <div className="mt-0.5 text-xs text-red-700">{declineMessage(row)}</div> : null}
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap">
                <Link href={receiptHref(row.id)} className="text-blue-700 hover:underline" aria-label={`Receipt: ${subject}, ${formatDateTime(row.createdAt)}`}>
                  Receipt
                </Link>
              </td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
