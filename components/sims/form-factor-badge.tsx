import type { formFactor } from "@/db/schema/enums";
import { Badge } from "@/components/ui/badge";

export type FormFactor = (typeof formFactor.enumValues)[number];

export const FORM_FACTOR_LABELS: Record<FormFactor, string> = {
  physical: "Physical SIM",
  esim: "eSIM",
};

export function FormFactorBadge({ formFactor, className }: { formFactor: FormFactor; className?: string }) {
  return (
    <Badge tone={formFactor === "esim" ? "blue" : "gray"} className={className}>
      {formFactor === "esim" ? <QrIcon /> : <SimCardIcon />}
      {FORM_FACTOR_LABELS[formFactor]}
    </Badge>
  );
}

// Three finder squares and a few modules: reads as "QR code", the way an eSIM is installed.
function QrIcon() {
  return (
    <svg viewBox="0 0 12 12" className="size-3" fill="currentColor" aria-hidden="true">
      <path d="M0 0h5v5H0zm1 1v3h3V1zm1 1h1v1H2zM7 0h5v5H7zm1 1v3h3V1zm1 1h1v1H9zM0 7h5v5H0zm1 1v3h3V8zm1 1h1v1H2z" fillRule="evenodd" />
      <path d="M7 7h2v2H7zm3 0h2v1h-2zm-1 2h1v1H9zm2 0h1v3h-1zm-4 1h1v2H7zm2 1h2v1H9z" />
    </svg>
  );
}

function SimCardIcon() {
  return (
    <svg viewBox="0 0 12 12" className="size-3" fill="none" stroke="currentColor" strokeWidth="1" aria-hidden="true">
      <path d="M3 .5h4.5l2.5 2.5v8a.5.5 0 0 1-.5.5h-6.5a.5.5 0 0 1-.5-.5v-10a.5.5 0 0 1 .5-.5z" strokeLinejoin="round" />
      <rect x="4" y="5" width="4" height="4" rx=".5" />
    </svg>
  );
}
