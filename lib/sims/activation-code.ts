export type ActivationCode = {
  smdpAddress: string;
  matchingId: string;
  smdpOid?: string;
  confirmationCodeRequired: boolean;
};

export type ActivationCodeParse = { ok: true; value: ActivationCode } | { ok: false; error: string };

const PREFIX = "LPA:";
const FORMAT_VERSION = "1";
const MAX_FIELDS = 5;
const FQDN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MATCHING_ID = /^[A-Z0-9-]+$/;
const OID = /^\d+(?:\.\d+)+$/;

function fail(error: string): ActivationCodeParse {
  return { ok: false, error };
}

// Returns an error message, or null when the address is a plain FQDN.
function smdpAddressError(address: string): string | null {
  if (address === "") return "SM-DP+ address is required";
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(address)) {
    return "SM-DP+ address must not include a scheme such as https://";
  }
  if (address.includes("/")) return "SM-DP+ address must not include a path";
  // SGP.22 defines the address as a bare FQDN; the LPA always uses port 443.
  if (address.includes(":")) return "SM-DP+ address must not include a port (not allowed by SGP.22)";
  const labels = address.split(".");
  if (
    address.length > 253 ||
    labels.length < 2 ||
    !labels.every((label) => FQDN_LABEL.test(label))
  ) {
    return "SM-DP+ address must be a domain name like smdp.example.com";
  }
  return null;
}

/** Parses an SGP.22 activation code, with or without the "LPA:" QR prefix. */
export function parseActivationCode(input: string): ActivationCodeParse {
  let text = input.trim();
  if (text === "") return fail("Activation code is required");
  // QR scanners and people vary the prefix's case; the content is what matters.
  if (text.slice(0, PREFIX.length).toUpperCase() === PREFIX) {
    text = text.slice(PREFIX.length);
  }

  const fields = text.split("$");
  const [version, smdpAddress, matchingId, smdpOid, flag] = fields;
  if (version !== FORMAT_VERSION) {
    return fail(`Activation code format must be "1" (got "${version ?? ""}")`);
  }
  if (smdpAddress === undefined || matchingId === undefined) {
    return fail("Activation code must contain format, SM-DP+ address and matching ID separated by \"$\"");
  }
  if (fields.length > MAX_FIELDS) {
    // The usual cause is someone appending the confirmation code, which is
    // delivered to the user separately and never belongs in the QR code.
    return fail(
      "Activation code has too many \"$\"-separated fields; the confirmation code itself must not be included",
    );
  }

  const addressError = smdpAddressError(smdpAddress);
  if (addressError !== null) return fail(addressError);

  // SGP.22 allows an empty matching ID (the SM-DP+ then identifies the
  // profile by EID), so only a non-empty one is checked.
  if (matchingId !== "" && !MATCHING_ID.test(matchingId)) {
    return fail("Matching ID must contain only uppercase letters, digits and hyphens");
  }
  if (smdpOid !== undefined && smdpOid !== "" && !OID.test(smdpOid)) {
    return fail("SM-DP+ OID must be dotted digits like 1.3.6.1.4.1.31746");
  }
  if (flag !== undefined && flag !== "1") {
    return fail(
      "Confirmation code required flag must be \"1\"; the confirmation code itself must not be included",
    );
  }

  const value: ActivationCode = {
    smdpAddress,
    matchingId,
    confirmationCodeRequired: flag === "1",
  };
  if (smdpOid !== undefined && smdpOid !== "") value.smdpOid = smdpOid;
  return { ok: true, value };
}

/** Canonical QR-code string for an activation code, always with "LPA:". */
export function formatActivationCode(code: ActivationCode): string {
  const base = `${PREFIX}${FORMAT_VERSION}$${code.smdpAddress}$${code.matchingId}`;
  const oid = code.smdpOid ?? "";
  // The flag is positional, so an absent OID still needs its empty slot.
  if (code.confirmationCodeRequired) return `${base}$${oid}$1`;
  return oid === "" ? base : `${base}$${oid}`;
}
