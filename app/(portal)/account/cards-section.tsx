import { AddCard, type CardFormMode } from "@/components/payments/add-card";
import { InvoiceCardForm } from "@/components/payments/invoice-card-form";
import { RemoveCardButton } from "@/components/payments/remove-card-button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { formatDate } from "@/lib/format";
import { cardLabel, type SavedCard } from "@/lib/payments/cards";
import { completeStripeCardAction, confirmSandboxCardAction, removeCardAction, setInvoiceCardAction, startCardSetupAction } from "./card-actions";

// "Saved cards": the payer's cards (a company's are shared by its admins), with remove and add.
export function CardsSection({
  cards,
  usedBy,
  mode,
  company,
}: {
  cards: SavedCard[];
  usedBy: Map<string, number>;
  mode: CardFormMode | { unavailable: string };
  company: boolean;
}) {
  return (
    <Card>
      <section aria-labelledby="saved-cards">
        <CardHeader
          title={<span id="saved-cards">Saved cards</span>}
          description={company ? "The company's cards, shared by its admins. Only the last four digits are kept here." : "Only the last four digits are kept here; the card itself stays with the payment provider."}
        />
        <CardContent className="space-y-4">
          {cards.length === 0 ? (
            <p className="text-sm text-slate-500">No saved cards yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Saved cards">
              {cards.map((card) => {
                const label = cardLabel(card);
                const n = usedBy.get(card.id) ?? 0;
                return (
                  <li key={card.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2">
                    <div className="min-w-0">
                      <div className="text-sm font-medium text-slate-900">{label}</div>
                      <div className="text-xs text-slate-500">
                        Added {formatDate(card.createdAt)}
                        {n > 0 ? ` · pays auto-refill of ${n} SIM${n === 1 ? "" : "s"}` : ""}
                      </div>
                    </div>
                    <RemoveCardButton cardId={card.id} label={label} usedBy={n} action={removeCardAction} />
                  </li>
                );
              })}
            </ul>
          )}
          {"unavailable" in mode ? (
            <p role="alert" className="text-sm text-red-700">
              {mode.unavailable}
            </p>
          ) : (
            <AddCard mode={mode} startAction={startCardSetupAction} confirmSandboxAction={confirmSandboxCardAction} completeStripeAction={completeStripeCardAction} />
          )}
        </CardContent>
      </section>
    </Card>
  );
}

// Company admins: the card subscription invoices are charged to when they are issued.
export function InvoiceCardSection({ cards, current }: { cards: SavedCard[]; current: string | null }) {
  return (
    <Card>
      <CardHeader title="Charge invoices to card" description="Each subscription invoice is charged to this card when it is issued. If the charge is declined, pay the invoice on its page." />
      <CardContent>
        {cards.length === 0 ? (
          <p className="text-sm text-slate-500">Add a card first.</p>
        ) : (
          <InvoiceCardForm cards={cards.map((c) => ({ id: c.id, label: cardLabel(c) }))} current={current} action={setInvoiceCardAction} />
        )}
      </CardContent>
    </Card>
  );
}
