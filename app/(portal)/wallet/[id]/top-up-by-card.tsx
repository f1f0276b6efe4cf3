import { randomUUID } from "node:crypto";
import { PayWithCardForm } from "@/components/payments/pay-with-card-form";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { Viewer } from "@/lib/auth/viewer";
import { formatMoney } from "@/lib/money";
import { cardLabel, listCards } from "@/lib/payments/cards";
import { TOP_UP_MAX_MINOR, TOP_UP_MIN_MINOR } from "@/lib/payments/pay";
import { topUpByCardAction } from "./top-up-actions";

// Company admins: add money to the PAYGO wallet with a saved company card; it is in the balance
// (and held SIMs resume) the moment the payment succeeds.
export async function TopUpByCard({ viewer, walletId, currency }: { viewer: Viewer; walletId: string; currency: string }) {
  const cards = await listCards(viewer);
  return (
    <Card id="top-up">
      <CardHeader title="Top up by card" description="Added to the balance the moment the payment succeeds." />
      <CardContent>
        <PayWithCardForm
          hidden={{ walletId }}
          cards={cards.map((c) => ({ id: c.id, label: cardLabel(c) }))}
          idempotencyKey={randomUUID()}
          action={topUpByCardAction}
          amount={{ label: `Amount (${currency})`, hint: `Between ${formatMoney(TOP_UP_MIN_MINOR, currency)} and ${formatMoney(TOP_UP_MAX_MINOR, currency)}.` }}
          payLabel="Pay"
        />
      </CardContent>
    </Card>
  );
}
