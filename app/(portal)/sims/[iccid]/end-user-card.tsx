import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { EndUserForm } from "./end-user-form";

// For those who may assign end users (the page checks "sims:assign-end-user"). The person who uses
// the SIM needs it to belong to a company first: they become an end user of that company.
export function EndUserCard({ sim }: { sim: Pick<SimDetail, "iccid" | "endUserEmail" | "companyName" | "retiredAt"> }) {
  return (
    <Card>
      <CardHeader title="End user" description="The person who uses this SIM: they see it, its usage and its refills." />
      <CardContent>
        {sim.retiredAt ? (
          <div className="space-y-1 text-sm">
            <p className="break-all text-slate-900">{sim.endUserEmail ?? <span className="text-slate-500">No end user.</span>}</p>
            <p className="text-slate-500">This SIM was retired by a SIM swap and can no longer be changed.</p>
          </div>
        ) : (
          <div className="space-y-3">
            {sim.companyName === null ? (
              <p className="text-sm text-slate-500">Assign the SIM to a company first: its end user is a person of that company.</p>
            ) : null}
            <EndUserForm iccid={sim.iccid} email={sim.endUserEmail} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
