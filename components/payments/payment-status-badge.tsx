import { Badge } from "@/components/ui/badge";
import { paymentStatusView } from "./payment-text";

export function PaymentStatusBadge({ payment }: { payment: { status: string; refundedMinor: number; amountMinor: number } }) {
  const view = paymentStatusView(payment);
  return (
    <Badge tone={view.tone} dot={payment.status === "processing" || payment.status === "pending" ? "pulse" : true}>
      {view.label}
    </Badge>
  );
}
