// GET /account: end users and company admins pay by card: refill prepaid SIMs now or automatically,
// saved cards, payment history; company admins also the card invoices are charged to and the wallet.
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { CardFormMode } from "@/components/payments/add-card";
import { PaymentsTable } from "@/components/payments/payments-table";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { PageLink } from "@/components/ui/list-pages";
import { PageHeader } from "@/components/ui/page-header";
import { countAutoRefillsByCard, listPayableSims, listPayments } from "@/db/queries/payments";
import { listWallets } from "@/db/queries/wallets";
import { can } from "@/lib/auth/permissions";
import { requireViewer, scopeOf } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { listCards } from "@/lib/payments/cards";
import { invoiceCardOf } from "@/lib/payments/invoice-card";
import { cardFormMode } from "@/lib/payments/registry";
import { CardsSection, InvoiceCardSection } from "./cards-section";
import { SimsSection } from "./sims-section";

export const metadata = { title: "Account · SIM Portal" };

type SearchParams = { iccid?: string | string[]; page?: string | string[]; history?: string | string[] };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");
const pageNumber = (value: string | string[] | undefined) => {
  const n = Number(one(value));
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
};

// Stripe keys half set up is the operator's problem, not the payer's: the page still works.
function formMode(): CardFormMode | { unavailable: string } {
  try {
    return cardFormMode();
  } catch (error) {
    if (error instanceof AppError) return { unavailable: error.userMessage };
    throw error;
  }
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer();
  if (!can(viewer, "payments:pay")) {
    // Staff do not pay: every payment is on their own page.
    if (can(viewer, "payments:refund")) redirect("/admin/payments");
    notFound();
  }
  const scope = scopeOf(viewer);
  const company = scope.kind === "company";
  const params = await searchParams;
  const iccid = one(params.iccid).trim().slice(0, 30);
  const historyPage = pageNumber(params.history);
  const at = now();
  const [sims, cards, history, invoiceCard, wallets] = await Promise.all([
    listPayableSims(scope, { iccid, page: pageNumber(params.page) }, at),
    listCards(viewer),
    listPayments(scope, { page: historyPage }),
    company ? invoiceCardOf(viewer) : null,
    company ? listWallets(scope) : [],
  ]);
  const usedBy = await countAutoRefillsByCard(cards.map((c) => c.id));

  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <PageHeader
        title="Account"
        description={company ? `Card payments for ${viewer.companyName ?? "your company"}: refills, auto-refill, invoices and the PAYGO wallet.` : "Refill your SIMs, set up auto-refill and manage your saved cards."}
      />

      <SimsSection view={{ ...sims, iccid, company }} cards={cards} at={at} />

      <div className={company ? "grid grid-cols-1 items-start gap-5 lg:grid-cols-2" : undefined}>
        <CardsSection cards={cards} usedBy={usedBy} mode={formMode()} company={company} />
        {company ? (
          <div className="space-y-5">
            <InvoiceCardSection cards={cards} current={invoiceCard} />
            <Card>
              <CardHeader title="PAYGO wallet" description="PAYGO SIMs are charged per MB from the company's wallet; top it up by card on its page." />
              <CardContent>
                {wallets.length === 0 ? (
                  <p className="text-sm text-slate-500">The company has no PAYGO wallet.</p>
                ) : (
                  <ul className="space-y-1">
                    {wallets.map((w) => (
                      <li key={w.id}>
                        <Link href={`/wallet/${w.id}#top-up`} className="text-sm font-medium text-blue-700 hover:underline">
                          Top up the {w.currency} wallet
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
          </div>
        ) : null}
      </div>

      <section aria-labelledby="payments" className="space-y-3">
        <h2 id="payments" className="text-base font-semibold text-slate-900">
          Payments
        </h2>
        {history.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-500">
            {historyPage > 1 ? "No older payments." : "No card payments yet."}
          </p>
        ) : (
          <PaymentsTable rows={history.rows} receiptHref={(id) => `/account/payments/${id}`} />
        )}
        {historyPage > 1 || history.hasNext ? (
          <nav aria-label="Payment pages" className="flex items-center justify-end gap-2">
            <PageLink href={historyPage > 1 ? `/account?history=${historyPage - 1}#payments` : null}>Newer</PageLink>
            <PageLink href={history.hasNext ? `/account?history=${historyPage + 1}#payments` : null}>Older →</PageLink>
          </nav>
        ) : null}
      </section>
    </div>
  );
}
