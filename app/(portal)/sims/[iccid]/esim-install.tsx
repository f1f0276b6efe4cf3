import { QrCode } from "@/components/sims/qr-code";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { esimInstallOf } from "@/lib/sims/esim-qr";
import { Callout, CopyBox } from "./detail-ui";

type EsimFields = Pick<SimDetail, "iccid" | "formFactor" | "activationCode" | "confirmationCode">;

function Body({ sim }: { sim: EsimFields }) {
  if (sim.formFactor === "physical") {
    return <p className="text-sm text-slate-500">Physical SIM — no eSIM profile to install.</p>;
  }
  if (!sim.activationCode) {
    return <p className="text-sm text-slate-500">No activation code is on file for this eSIM yet.</p>;
  }
  const install = esimInstallOf(sim.activationCode, sim.confirmationCode);
  if (!install.ok) {
    // Better no QR than one a device rejects, or one that leaks the confirmation code.
    return (
      <Callout tone="error" title="This eSIM's activation code can't be shown">
        {install.error}. Ask platform staff to correct the activation code for this SIM.
      </Callout>
    );
  }
  const confirmationCode = sim.confirmationCode?.trim();
  return (
    <div className="space-y-4">
      {/* Side by side while the card is full width; stacked in the page's narrow side column. */}
      <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start lg:flex-col lg:items-stretch">
        <div className="self-center rounded-md border border-slate-200 bg-white p-1">
          <QrCode text={install.qrText} label={`eSIM activation QR code for SIM ${sim.iccid}`} size={200} />
        </div>
        <div className="w-full min-w-0 space-y-3">
          <p className="text-sm text-slate-600">
            Scan with the device&apos;s camera, or add the eSIM manually with these details.
          </p>
          <CopyBox id="esim-smdp" label="SM-DP+ address" value={install.smdpAddress} />
          <CopyBox
            id="esim-matching-id"
            label="Activation code / Matching ID"
            value={install.matchingId === "" ? "(none: the SM-DP+ finds the profile by EID)" : install.matchingId}
          />
        </div>
      </div>
      {install.confirmationCodeRequired ? (
        // Kept apart from the QR code: the confirmation code is a second factor, given separately.
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-3">
          <p className="text-sm font-medium text-amber-900">A confirmation code is required to install this profile.</p>
          <p className="mt-0.5 text-xs text-amber-800">It is not in the QR code; the device asks for it during installation.</p>
          {confirmationCode ? (
            <div className="mt-2">
              <CopyBox id="esim-confirmation" label="Confirmation code" value={confirmationCode} />
            </div>
          ) : (
            <p className="mt-2 text-xs text-amber-800">The confirmation code is not on file here; it is delivered separately.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}

export function EsimInstallCard({ sim }: { sim: EsimFields }) {
  return (
    <Card>
      <CardHeader title="eSIM install" />
      <CardContent>
        <Body sim={sim} />
      </CardContent>
    </Card>
  );
}
