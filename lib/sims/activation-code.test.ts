import { describe, it, expect } from "vitest";
import { formatActivationCode, parseActivationCode } from "./activation-code";
import type { ActivationCode } from "./activation-code";

function parsed(input: string): ActivationCode {
  const result = parseActivationCode(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.error}`);
  return result.value;
}

function errorOf(input: string): string {
  const result = parseActivationCode(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.error;
}

describe("parseActivationCode", () => {
  it("parses a basic activation code", () => {
    expect(parsed("LPA:1$smdp.example.com$04386-AGYFT-A74Y8-3F815")).toEqual({
      smdpAddress: "smdp.example.com",
      matchingId: "04386-AGYFT-A74Y8-3F815",
      confirmationCodeRequired: false,
    });
  });

  it("parses OID and confirmation code flag", () => {
    expect(parsed("LPA:1$smdp.io$K2-1A2B3C-4D5E6F$1.3.6.1.4.1.31746$1")).toEqual({
      smdpAddress: "smdp.io",
      matchingId: "K2-1A2B3C-4D5E6F",
      smdpOid: "1.3.6.1.4.1.31746",
      confirmationCodeRequired: true,
    });
  });

  it("parses the flag with an empty OID", () => {
    expect(parsed("LPA:1$smdp.io$K2-1A2B3C$$1")).toEqual({
      smdpAddress: "smdp.io",
      matchingId: "K2-1A2B3C",
      confirmationCodeRequired: true,
    });
  });

  it("accepts input without the LPA: prefix, surrounding whitespace or a lowercase prefix", () => {
    const expected = parsed("LPA:1$rsp.truphone.com$QRF-BETTERROAMING-PMRDGIR2EARDEIT5");
    expect(parsed("1$rsp.truphone.com$QRF-BETTERROAMING-PMRDGIR2EARDEIT5")).toEqual(expected);
    expect(parsed("  lpa:1$rsp.truphone.com$QRF-BETTERROAMING-PMRDGIR2EARDEIT5\n")).toEqual(expected);
  });

  it("accepts an empty matching ID", () => {
    expect(parsed("LPA:1$smdp.example.com$")).toEqual({
      smdpAddress: "smdp.example.com",
      matchingId: "",
      confirmationCodeRequired: false,
    });
  });

  it("rejects empty input", () => {
    expect(errorOf("  ")).toBe("Activation code is required");
  });

  it("rejects other format versions", () => {
    expect(errorOf("LPA:2$smdp.example.com$ABC")).toBe('Activation code format must be "1" (got "2")');
  });

  it("rejects a missing matching ID field", () => {
    expect(errorOf("LPA:1$smdp.example.com")).toMatch(/must contain format, SM-DP\+ address and matching ID/);
  });

  it("rejects bad SM-DP+ addresses", () => {
    expect(errorOf("LPA:1$$ABC")).toBe("SM-DP+ address is required");
    expect(errorOf("LPA:1$https://smdp.example.com$ABC")).toBe(
      "SM-DP+ address must not include a scheme such as https://",
    );
    expect(errorOf("LPA:1$smdp.example.com/rsp$ABC")).toBe("SM-DP+ address must not include a path");
    expect(errorOf("LPA:1$smdp.example.com:8443$ABC")).toBe(
      "SM-DP+ address must not include a port (not allowed by SGP.22)",
    );
    const notFqdn = "SM-DP+ address must be a domain name like smdp.example.com";
    expect(errorOf("LPA:1$localhost$ABC")).toBe(notFqdn);
    expect(errorOf("LPA:1$smdp_example.com$ABC")).toBe(notFqdn);
    expect(errorOf("LPA:1$-smdp.example.com$ABC")).toBe(notFqdn);
    expect(errorOf("LPA:1$smdp..example.com$ABC")).toBe(notFqdn);
  });

  it("rejects matching IDs with lowercase or other characters", () => {
    const error = "Matching ID must contain only uppercase letters, digits and hyphens";
    expect(errorOf("LPA:1$smdp.example.com$abc-123")).toBe(error);
    expect(errorOf("LPA:1$smdp.example.com$ABC_123")).toBe(error);
  });

  it("rejects a malformed OID", () => {
    expect(errorOf("LPA:1$smdp.io$ABC$1.3.x")).toBe("SM-DP+ OID must be dotted digits like 1.3.6.1.4.1.31746");
    expect(errorOf("LPA:1$smdp.io$ABC$1")).toBe("SM-DP+ OID must be dotted digits like 1.3.6.1.4.1.31746");
  });

  it("rejects a flag other than 1, such as a confirmation code", () => {
    expect(errorOf("LPA:1$smdp.io$ABC$$1234")).toMatch(/^Confirmation code required flag must be "1"/);
    expect(errorOf("LPA:1$smdp.io$ABC$$")).toMatch(/^Confirmation code required flag must be "1"/);
  });

  it("rejects extra fields, such as an appended confirmation code", () => {
    expect(errorOf("LPA:1$smdp.io$ABC$$1$1234")).toMatch(/too many "\$"-separated fields/);
  });
});

describe("formatActivationCode", () => {
  it("round-trips canonical codes", () => {
    for (const code of [
      "LPA:1$smdp.example.com$04386-AGYFT-A74Y8-3F815",
      "LPA:1$rsp.truphone.com$QRF-BETTERROAMING-PMRDGIR2EARDEIT5",
      "LPA:1$smdp.io$K2-1A2B3C-4D5E6F$1.3.6.1.4.1.31746$1",
      "LPA:1$smdp.io$K2-1A2B3C-4D5E6F$1.3.6.1.4.1.31746",
      "LPA:1$smdp.io$K2-1A2B3C$$1",
      "LPA:1$smdp.example.com$",
    ]) {
      expect(formatActivationCode(parsed(code))).toBe(code);
    }
  });

  it("adds the LPA: prefix and drops an empty trailing OID", () => {
    expect(formatActivationCode(parsed("1$smdp.example.com$ABC$"))).toBe("LPA:1$smdp.example.com$ABC");
  });

  it("keeps an empty OID slot when only the flag is needed", () => {
    expect(
      formatActivationCode({ smdpAddress: "smdp.io", matchingId: "ABC", confirmationCodeRequired: true }),
    ).toBe("LPA:1$smdp.io$ABC$$1");
  });
});
