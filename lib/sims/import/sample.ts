import { eidCheckDigits } from "@/lib/sims/eid";
import { luhnCheckDigit } from "@/lib/sims/luhn";

// Valid identifiers for tests and the benchmark: the n-th ICCID / EID of a made-up issuer.
export function sampleIccid(n: number, issuer = "8944990"): string {
  const body = `${issuer}${String(n).padStart(11, "0")}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function sampleEid(n: number): string {
  const first30 = `89049032${String(n).padStart(22, "0")}`;
  return `${first30}${eidCheckDigits(first30)}`;
}
