import { describe, expect, it } from "vitest";
import { esimInstallOf } from "./esim-qr";

describe("esimInstallOf", () => {
  it("puts the stored code in the QR unchanged and splits it for manual install", () => {
    const code = "LPA:1$smdp.example.com$04386-AGYFT-A74Y8-3F815";
    expect(esimInstallOf(code, null)).toEqual({
      ok: true,
      qrText: code,
      smdpAddress: "smdp.example.com",
      matchingId: "04386-AGYFT-A74Y8-3F815",
      confirmationCodeRequired: false,
    });
  });

  it("reports that a confirmation code is required without putting it in the QR", () => {
    const code = "LPA:1$smdp.io$K2-1A2B3C$$1";
    const result = esimInstallOf(code, "482916");
    expect(result).toMatchObject({ ok: true, qrText: code, confirmationCodeRequired: true });
    if (result.ok) expect(result.qrText).not.toContain("482916");
  });

  it("refuses a stored code with the confirmation code appended", () => {
    const result = esimInstallOf("LPA:1$smdp.io$K2-1A2B3C$$1$482916", "482916");
    expect(result.ok).toBe(false);
  });

  it("refuses a stored code with the confirmation code in a field", () => {
    expect(esimInstallOf("LPA:1$smdp.io$482916", "482916")).toEqual({
      ok: false,
      error: "The stored activation code contains the confirmation code, which must never be in the QR code",
    });
  });

  it("does not mistake the required flag for a one-character confirmation code", () => {
    expect(esimInstallOf("LPA:1$smdp.io$K2$$1", "1").ok).toBe(true);
  });

  it("refuses a code that does not parse", () => {
    expect(esimInstallOf("https://smdp.io/K2", null)).toMatchObject({ ok: false });
  });
});
