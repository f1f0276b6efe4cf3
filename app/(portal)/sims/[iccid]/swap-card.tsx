import Link from "next/link";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { Callout, Mono } from "./detail-ui";
import { SwapForm } from "./swap-form";

// SIM swap on the SIM page: the form for a Blank or broken card, and the links between a retired
// SIM and the one that took over its line.

export function SwapCard({ iccid }: { iccid: string }) {
  return (
    <Card>
      <CardHeader
        title="SIM swap"
        description="Move this SIM's line, plan, company, end user, labels and balance to a new card. This SIM is then retired."
      />
      <CardContent>
        <SwapForm iccid={iccid} />
      </CardContent>
    </Card>
  );
}

function SimLink({ sim }: { sim: { iccid: string; visible: boolean } }) {
  if (!sim.visible) return <Mono>{sim.iccid}</Mono>;
  return (
    <Link href={`/sims/${sim.iccid}`} className="font-medium underline underline-offset-2 hover:opacity-80">
      <Mono>{sim.iccid}</Mono>
    </Link>
  );
}

export function SwapLinks({ sim }: { sim: Pick<SimDetail, "retiredAt" | "replaces" | "replacedBy"> }) {
  if (sim.retiredAt) {
    return (
      <Callout tone="neutral" className="mb-5">
        {sim.replacedBy ? (
          <>
            Retired — replaced by <SimLink sim={sim.replacedBy} />, which now has this SIM&apos;s line.
          </>
        ) : (
          "Retired: another SIM now has this SIM's line."
        )}
      </Callout>
    );
  }
  if (!sim.replaces) return null;
  return (
    <Callout tone="info" className="mb-5">
      Replaces <SimLink sim={sim.replaces} />: this SIM took over its line by a SIM swap.
    </Callout>
  );
}
