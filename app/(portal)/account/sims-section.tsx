import Link from "next/link";
import { SimRefillPanel } from "@/components/payments/sim-refill-panel";
import { StatusBadge } from "@/components/sims/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageLink } from "@/components/ui/list-pages";
import type { PayableSim } from "@/db/queries/payments";
import { formatDate } from "@/lib/format";
import type { SavedCard } from "@/lib/payments/cards";
import { daysLeft, isIntegrated } from "@/lib/sims/sim-view";
import { planName } from "@/lib/sims/plan-name";
import { formatMb } from "@/lib/units";
import { refillByCardAction, saveAutoRefillAction } from "./refill-actions";

export type SimsView = { sims: PayableSim[]; page: number; hasNext: boolean; iccid: string; company: boolean };

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="min-w-24">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
      {note ? <dd className="text-xs text-slate-500">{note}</dd> : null}
    </div>
  );
}

function dataLeft(sim: PayableSim, at: Date): string {
  if (!isIntegrated(sim.operatorDriver) && sim.dataLeftBytes === null) return "N/A";
  if (sim.dataLeftBytes === null) return "—";
  return sim.validUntil !== null && sim.validUntil <= at ? "0" : formatMb(Math.max(0, sim.dataLeftBytes));
}

function autoRefillState(sim: PayableSim): string {
  if (sim.autoRefill?.pausedAt) return "Auto-refill paused";
  return sim.autoRefill?.enabled ? "Auto-refill on" : "Auto-refill off";
}

// One SIM: its figures, then "Refill now" and "Auto-refill". A company's list folds the forms away
// (ten SIMs of forms would bury the rest of the page); an end user's few SIMs show them open.
function SimItem({ sim, cards, at, folded }: { sim: PayableSim; cards: SavedCard[]; at: Date; folded: boolean }) {
  const days = daysLeft(sim.validUntil, at);
  const headingId = `sim-${sim.iccid}`;
  const panel = <SimRefillPanel sim={sim} cards={cards} refillAction={refillByCardAction} autoRefillAction={saveAutoRefillAction} />;
  return (
    <Card>
      <section aria-labelledby={headingId}>
        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3 px-4 py-3">
          <div className="min-w-0">
            <h3 id={headingId} className="flex flex-wrap items-center gap-2 font-mono text-sm font-semibold tracking-tight text-slate-900">
              <span className="sr-only">SIM </span>
              <Link href={`/sims/${sim.iccid}`} className="hover:underline">
                {sim.iccid}
              </Link>
              <StatusBadge status={sim.status} className="font-sans" />
            </h3>
            <p className="mt-0.5 text-sm text-slate-500">{planName(sim.operatorName, sim.plan)}</p>
          </div>
          <dl className="flex gap-6">
            <Figure label="Data left (MB)" value={dataLeft(sim, at)} />
            <Figure label="Days left" value={days === null ? "—" : String(days)} note={sim.validUntil ? `Valid until ${formatDate(sim.validUntil)}` : undefined} />
          </dl>
        </div>
        {folded ? (
          <details className="group border-t border-slate-200">
            <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Refill or set up auto-refill <span className="font-normal text-slate-500">· {autoRefillState(sim)}</span>
            </summary>
            <CardContent className="border-t border-slate-100">{panel}</CardContent>
          </details>
        ) : (
          <CardContent className="border-t border-slate-200">{panel}</CardContent>
        )}
      </section>
    </Card>
  );
}

const pageHref = (iccid: string, page: number) => {
  const params = new URLSearchParams();
  if (iccid) params.set("iccid", iccid);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/account${query ? `?${query}` : ""}#sims`;
};

// "Your SIMs" (an end user's) or "Prepaid SIMs" (a company's: thousands, so searched and paged).
export function SimsSection({ view, cards, at }: { view: SimsView; cards: SavedCard[]; at: Date }) {
  const title = view.company ? "Prepaid SIMs" : "Your SIMs";
  return (
    <section aria-labelledby="sims" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="sims" className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-sm text-slate-500">Data is added the moment a refill is paid.</p>
        </div>
        {view.company ? (
          <form method="get" action="/account" role="search" aria-label="Prepaid SIMs" className="flex items-end gap-2">
            <div>
              <label htmlFor="sim-search" className="mb-1 block text-xs font-medium text-slate-600">
                ICCID
              </label>
              <Input id="sim-search" name="iccid" defaultValue={view.iccid} inputMode="numeric" placeholder="Digits of the ICCID" className="w-56 font-mono" />
            </div>
            <Button type="submit" variant="secondary">
              Search
            </Button>
            {view.iccid ? (
              <Link href="/account#sims" className="pb-1.5 text-sm text-slate-600 hover:underline">
                Clear
              </Link>
            ) : null}
          </form>
        ) : null}
      </div>
      {view.sims.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-500">
          {view.iccid ? `No prepaid SIM's ICCID contains “${view.iccid}”.` : view.page > 1 ? "No more SIMs." : "No SIMs on a prepaid plan: there is nothing to refill."}
        </p>
      ) : (
        <div className="space-y-4">
          {view.sims.map((sim) => (
            <SimItem key={sim.id} sim={sim} cards={cards} at={at} folded={view.company} />
          ))}
        </div>
      )}
      {view.page > 1 || view.hasNext ? (
        <nav aria-label="SIM pages" className="flex items-center justify-end gap-2">
          <PageLink href={view.page > 1 ? pageHref(view.iccid, view.page - 1) : null}>← Previous</PageLink>
          <span className="text-xs text-slate-500">Page {view.page}</span>
          <PageLink href={view.hasNext ? pageHref(view.iccid, view.page + 1) : null}>Next →</PageLink>
        </nav>
      ) : null}
    </section>
  );
}
