import { Badge } from "@/components/ui/badge";
import { formatMicros } from "@/lib/billing/wallet-money";

// A wallet amount rounded to the currency's minor unit, with every digit underneath when the
// rounding hides a fraction of it ("€12.34", "exactly €12.341234").
export function WalletAmount({ micros, currency, signed = false, className }: { micros: number; currency: string; signed?: boolean; className?: string }) {
  const { rounded, exact } = formatMicros(micros, currency);
  const plus = signed && micros > 0 ? "+" : "";
  return (
    <span className={className}>
      <span className="tabular-nums">
        {plus}
        {rounded}
      </span>
      {exact ? (
        <span className="block text-xs font-normal text-slate-500 tabular-nums">
          exactly {plus}
          {exact}
        </span>
      ) : null}
    </span>
  );
}

// Whether the wallet is below its minimum balance (its PAYGO SIMs are then held back).
export function WalletStateBadge({ belowMinimum }: { belowMinimum: boolean }) {
  return belowMinimum ? (
    <Badge tone="red" dot>
      Below minimum
    </Badge>
  ) : (
    <Badge tone="green" dot>
      OK
    </Badge>
  );
}
