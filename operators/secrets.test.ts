import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptCredentials, encryptCredentials } from "./secrets";

const key = randomBytes(32).toString("base64");

describe("operator credentials at rest", () => {
  it("round-trips and never stores the plain value", () => {
    const stored = encryptCredentials({ username: "api-user", apiKey: "s3cr3t-key" }, key);
    expect(stored).not.toContain("s3cr3t");
    expect(stored).not.toContain("api-user");
    expect(decryptCredentials(stored, key)).toEqual({ username: "api-user", apiKey: "s3cr3t-key" });
  });

  it("uses a fresh IV, so equal secrets do not look equal", () => {
    expect(encryptCredentials({ apiKey: "x" }, key)).not.toBe(encryptCredentials({ apiKey: "x" }, key));
  });

  it("refuses a tampered value or another key with a clear error", () => {
    const stored = encryptCredentials({ apiKey: "x" }, key);
    const parts = stored.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("junk").toString("base64url")].join(".");
    expect(() => decryptCredentials(tampered, key)).toThrow(/cannot be decrypted/);
    expect(() => decryptCredentials(stored, randomBytes(32).toString("base64"))).toThrow(/cannot be decrypted/);
  });

  it("asks for OPERATOR_SECRETS_KEY when it is not set", () => {
    expect(() => encryptCredentials({ apiKey: "x" }, undefined)).toThrow(/OPERATOR_SECRETS_KEY/);
  });
});
