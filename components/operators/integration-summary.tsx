import { Badge } from "@/components/ui/badge";
import type { IntegrationView } from "@/db/queries/operators";
import { CAPABILITY_LABELS } from "./labels";

/** What the operator's driver can do, or why it does nothing. */
export function IntegrationSummary({ integration }: { integration: IntegrationView }) {
  switch (integration.kind) {
    case "none":
      return <p className="text-xs text-slate-500">No driver: this operator&apos;s SIMs show as Not available.</p>;
    case "misconfigured":
      return (
        <p className="text-xs text-red-700">
          <span className="font-medium">Driver refuses its configuration:</span>{" "}
          <span className="whitespace-pre-line">{integration.message}</span>
        </p>
      );
    case "ready":
      return integration.capabilities.length === 0 ? (
        <p className="text-xs text-slate-500">The driver declares no capabilities.</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label="Capabilities">
          {integration.capabilities.map((c) => (
            <li key={c}>
              <Badge tone="slate">{CAPABILITY_LABELS[c]}</Badge>
            </li>
          ))}
        </ul>
      );
  }
}
