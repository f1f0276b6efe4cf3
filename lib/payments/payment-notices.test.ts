import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { authenticationNotice, capReachedNotice, declinedNotice } from "./payment-notices";

const facts = { iccid: "8944000000000900001", amountMinor: 1500, currency: "GBP" };

afterEach(() => {
  delete process.env.AUTH_URL;
  resetEnvForTests();
});

describe("auto-refill notices", () => {
  it("links to the payment to confirm it on-session when the portal knows its address", () => {
    process.env.AUTH_URL = "https://portal.example.com";
    resetEnvForTests();
    const [mail, ...more] = authenticationNotice(["a@example.com"], facts, "0f6c1e4b-8d2a-4c7e-9f3b-2a1d5e6f7a80");
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ to: "a@example.com", subject: expect.stringContaining(facts.iccid) });
    expect(mail?.text).toContain("https://portal.example.com/account/payments/0f6c1e4b-8d2a-4c7e-9f3b-2a1d5e6f7a80");
    expect(mail?.text).toContain("£15.00");
  });

  it("gives no link without AUTH_URL", () => {
    delete process.env.AUTH_URL;
    resetEnvForTests();
    const [mail] = authenticationNotice(["a@example.com"], facts, "0f6c1e4b-8d2a-4c7e-9f3b-2a1d5e6f7a80");
    expect(mail?.text).not.toContain("http");
    expect(mail?.text).toContain("Open Payments in the portal");
  });

  it("writes one message per payer address", () => {
    expect(declinedNotice(["a@example.com", "b@example.com"], facts, "Your card was declined.").map((m) => m.to)).toEqual(["a@example.com", "b@example.com"]);
    expect(capReachedNotice([], { ...facts, capMinor: 3000, spentMinor: 3000 })).toEqual([]);
    expect(capReachedNotice(["a@example.com"], { ...facts, capMinor: 3000, spentMinor: 3000 })[0]?.text).toContain("£30.00 of £30.00");
  });
});
