import { describe, expect, it } from "vitest";
import { isAuthorizedCronCall } from "./cron-auth";

const secret = "a-cron-secret-of-enough-length";

describe("cron secret check", () => {
  it("accepts exactly the configured bearer token", () => {
    expect(isAuthorizedCronCall(`Bearer ${secret}`, secret)).toBe(true);
  });

  it("refuses a missing, wrong or differently formed token", () => {
    expect(isAuthorizedCronCall(null, secret)).toBe(false);
    expect(isAuthorizedCronCall("Bearer wrong", secret)).toBe(false);
    expect(isAuthorizedCronCall(secret, secret)).toBe(false);
    expect(isAuthorizedCronCall(`Bearer ${secret} `, secret)).toBe(false);
  });

  it("refuses every call when no secret is configured", () => {
    expect(isAuthorizedCronCall("Bearer ", undefined)).toBe(false);
    expect(isAuthorizedCronCall("Bearer undefined", undefined)).toBe(false);
  });
});
