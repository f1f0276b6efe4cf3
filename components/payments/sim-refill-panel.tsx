import { randomUUID } from "node:crypto";
import type { PayableSim } from "@/db/queries/payments";
import { formatDate } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { autoRefillConsent, packageLabel } from "@/lib/payments/auto-refill";
import { cardLabel, type SavedCard } from "@/lib/payments/cards";
import { moneyForForm } from "@/lib/plans/plan-amounts";
import { formatVolume } from "@/lib/sims/plan-name";
import { BYTES_PER_MB } from "@/lib/units";
import { AutoRefillForm, type AutoRefillSettings } from "./auto-refill-form";
import { CONSENT_SLOTS, type PayFormAction } from "./form-state";
import { pauseExplanation } from "./payment-text";
import { RefillForm } from "./refill-form";

// A default an auto-refill form starts with: refill below 100 MB, at most three packages a month.
const DEFAULT_THRESHOLD_MB = 100;
const DEFAULT_CAP_PACKAGES = 3;

// "Refill now" and "Auto-refill" of one prepaid SIM (/account, and the SIM's own page).
export function SimRefillPanel({
  sim,
  cards,
  refillAction,
  autoRefillAction,
  headingLevel = 3,
}: {
  sim: PayableSim;
  cards: SavedCard[];
  refillAction: PayFormAction;
  autoRefillAction: PayFormAction;
  headingLevel?: 2 | 3;
}) {
  const currency = sim.plan.currency;
  const cardOptions = cards.map((c) => ({ id: c.id, label: cardLabel(c) }));
  const packages = sim.refillPackages.map((p) => ({
    id: p.id,
    label: `${formatVolume(p.dataBytes)} · ${p.validityDays} days · ${formatMoney(p.priceMinor, currency)}`,
    price: formatMoney(p.priceMinor, currency),
    consentLabel: packageLabel(p, currency),
  }));
  const cheapest = sim.refillPackages[0];
  const refill = sim.autoRefill;
  const saved: AutoRefillSettings = refill
    ? {
        enabled: refill.enabled,
        thresholdMb: String(Math.floor(refill.thresholdBytes / BYTES_PER_MB)),
        packageId: refill.packageId ?? cheapest?.id ?? "",
        cardId: refill.cardRemoved ? (cards[0]?.id ?? "") : refill.cardId,
        monthlyCap: moneyForForm(refill.monthlyCapMinor, currency),
      }
    : {
        enabled: false,
        thresholdMb: String(DEFAULT_THRESHOLD_MB),
        packageId: cheapest?.id ?? "",
        cardId: cards[0]?.id ?? "",
        monthlyCap: cheapest ? moneyForForm(cheapest.priceMinor * DEFAULT_CAP_PACKAGES, currency) : "",
      };
  // Paused, or turned off because its card was removed: say why and what turns it back on.
  const pausedReason = refill?.pausedAt ? refill.pauseReason : null;
  const paused = pausedReason ? { ...pauseExplanation(pausedReason), paymentHref: sim.waitingPaymentId ? `/account/payments/${sim.waitingPaymentId}` : null } : null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
      <section aria-label={`Refill now, SIM ${sim.iccid}`}>
        <Heading className="mb-2 text-sm font-semibold text-slate-900">Refill now</Heading>
        <RefillForm iccid={sim.iccid} packages={packages} cards={cardOptions} idempotencyKey={randomUUID()} action={refillAction} />
      </section>
      <section aria-label={`Auto-refill, SIM ${sim.iccid}`}>
        <Heading className="mb-2 text-sm font-semibold text-slate-900">Auto-refill</Heading>
        {/* Keyed by the pause: when the system pauses or turns it off (its card removed, a decline),
            the form starts again from the server's state rather than keep what it first showed. */}
        <AutoRefillForm
          key={refill?.pauseReason ?? "running"}
          iccid={sim.iccid}
          currency={currency}
          packages={packages}
          cards={cardOptions}
          saved={saved}
          status={{
            consentAt: refill?.enabled ? formatDate(refill.consentAt) : null,
            monthCharged: refill?.enabled || sim.autoRefillMonthMinor > 0 ? `Charged automatically this month: ${formatMoney(sim.autoRefillMonthMinor, currency)}${refill ? ` of ${formatMoney(refill.monthlyCapMinor, currency)}` : ""}.` : null,
            paused,
          }}
          consentTemplate={autoRefillConsent(CONSENT_SLOTS.package, CONSENT_SLOTS.card, CONSENT_SLOTS.cap)}
          action={autoRefillAction}
        />
      </section>
    </div>
  );
}
