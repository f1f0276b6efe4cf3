import { saveAutoRefillAction, refillByCardAction } from "@/app/(portal)/account/refill-actions";
import { SimRefillPanel } from "@/components/payments/sim-refill-panel";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { findPayableSimWithRefills } from "@/db/queries/payments";
import { scopeOf, type Viewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { listCards } from "@/lib/payments/cards";

// The payer's "Refill now" and "Auto-refill" of a prepaid SIM (end users: their own; company
// admins: the company's), the same forms as on /account. Staff refill without a card (refill-card.tsx).
export async function CardRefillCard({ viewer, iccid }: { viewer: Viewer; iccid: string }) {
  const [sim, cards] = await Promise.all([findPayableSimWithRefills(scopeOf(viewer), iccid, now()), listCards(viewer)]);
  if (!sim) return null;
  return (
    <Card>
      <CardHeader title="Refill by card" description="Data and days are added the moment the payment succeeds." />
      <CardContent>
        <SimRefillPanel sim={sim} cards={cards} refillAction={refillByCardAction} autoRefillAction={saveAutoRefillAction} />
      </CardContent>
    </Card>
  );
}
