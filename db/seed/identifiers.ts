import { formatActivationCode } from "@/lib/sims/activation-code";
import { eidCheckDigits } from "@/lib/sims/eid";
import { luhnCheckDigit } from "@/lib/sims/luhn";
import type { OperatorSpec } from "./catalog";
import type { Rng } from "./random";

// E.118: "89" + country code + issuer, a serial that fills the length, and a Luhn check digit.
export function makeIccid(prefix: string, serial: number, length: number): string {
  const serialDigits = length - 1 - prefix.length;
  const body = prefix + String(serial).padStart(serialDigits, "0");
  if (body.length !== length - 1) throw new Error(`ICCID serial ${serial} does not fit after ${prefix}`);
  return body + String(luhnCheckDigit(body));
}

export function demoIccidPrefix(op: OperatorSpec): string {
  return `89${op.iccidCountry}${op.iccidIssuer}`;
}

export function makeImsi(op: OperatorSpec, rng: Rng): string {
  return op.homeMccMnc + rng.digits(15 - op.homeMccMnc.length);
}

export function makeMsisdn(op: OperatorSpec, rng: Rng): string {
  return op.msisdnPrefix + rng.digits(op.msisdnLength - op.msisdnPrefix.length);
}

// 89 + country 049 + issuer 032 + individual part: 30 digits, then the MOD 97-10 check pair.
export function makeEid(rng: Rng): string {
  const first30 = "89049032" + rng.digits(22);
  return first30 + eidCheckDigits(first30);
}

const MATCHING_ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
// Any OID works for the demo; this is the arc SGP.22 examples use for an SM-DP+.
const SMDP_OID = "1.3.6.1.4.1.31746";

export type EsimIdentity = { eid: string; activationCode: string; confirmationCode: string | null };

export function makeEsim(op: OperatorSpec, rng: Rng, confirmationRequired: boolean): EsimIdentity {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = "";
    for (let i = 0; i < 5; i++) group += MATCHING_ID_CHARS.charAt(rng.int(0, MATCHING_ID_CHARS.length - 1));
    groups.push(group);
  }
  const activationCode = formatActivationCode({
    smdpAddress: op.smdpHost,
    matchingId: groups.join("-"),
    confirmationCodeRequired: confirmationRequired,
    ...(confirmationRequired ? { smdpOid: SMDP_OID } : {}),
  });
  return {
    eid: makeEid(rng),
    activationCode,
    confirmationCode: confirmationRequired ? rng.digits(rng.int(4, 8)) : null,
  };
}
