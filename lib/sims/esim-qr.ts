import { parseActivationCode } from "./activation-code";

// What the eSIM install panel shows: the QR text and the two fields for manual installation, or
// why nothing can be shown. Pure, so the rule "the confirmation code never goes in the QR" is
// checked here, in one place, with tests.
export type EsimInstall =
  | {
      ok: true;
      // The stored activation code exactly as stored: the operator issued it, the device reads it.
      qrText: string;
      smdpAddress: string;
      matchingId: string;
      confirmationCodeRequired: boolean;
    }
  | { ok: false; error: string };

// Positions of the "$"-separated fields that carry free text; the format version (0) and the
// confirmation-required flag (4) are fixed values that could equal a short code by chance.
const FREE_TEXT_FIELDS = [1, 2, 3];

export function esimInstallOf(activationCode: string, confirmationCode: string | null): EsimInstall {
  const parsed = parseActivationCode(activationCode);
  if (!parsed.ok) return { ok: false, error: parsed.error };

  const secret = confirmationCode?.trim();
  if (secret) {
    const fields = activationCode.trim().replace(/^LPA:/i, "").split("$");
    if (FREE_TEXT_FIELDS.some((i) => fields[i] === secret)) {
      return { ok: false, error: "The stored activation code contains the confirmation code, which must never be in the QR code" };
    }
  }

  return {
    ok: true,
    qrText: activationCode,
    smdpAddress: parsed.value.smdpAddress,
    matchingId: parsed.value.matchingId,
    confirmationCodeRequired: parsed.value.confirmationCodeRequired,
  };
}
