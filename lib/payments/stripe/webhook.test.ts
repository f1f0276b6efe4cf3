import { afterEach, describe, expect, it } from "vitest";
import { setClockForTests } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { signedWebhook, stripeEvent } from "./fake-stripe";
import { verifyStripeWebhook } from "./webhook";

const SECRET = "whsec_test_portal";
const NOW = 1_900_000_000;
const succeeded = stripeEvent("payment_intent.succeeded", { id: "pi_123", object: "payment_intent", status: "succeeded" }, "evt_1");

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the webhook to be rejected");
}

afterEach(() => setClockForTests(undefined));

describe("verifyStripeWebhook", () => {
  it("accepts a correctly signed event and names its object", () => {
    const { body, signature } = signedWebhook(succeeded, SECRET, NOW);
    expect(verifyStripeWebhook(body, signature, SECRET, NOW)).toEqual({
      id: "evt_1",
      type: "payment_intent.succeeded",
      objectId: "pi_123",
      objectType: "payment_intent",
    });
  });

  it("refuses a signature made with another secret", () => {
    const { body, signature } = signedWebhook(succeeded, "whsec_someone_else", NOW);
    const error = rejection(() => verifyStripeWebhook(body, signature, SECRET, NOW));
    expect(error.code).toBe("invalid_input");
    expect(error.userMessage).toMatch(/does not match/);
  });

  it("refuses a body changed after it was signed", () => {
    const { body, signature } = signedWebhook(succeeded, SECRET, NOW);
    const tampered = body.replace("pi_123", "pi_999");
    expect(tampered).not.toBe(body);
    expect(rejection(() => verifyStripeWebhook(tampered, signature, SECRET, NOW)).code).toBe("invalid_input");
  });

  it("refuses a signature older than 300 s and accepts one just inside", () => {
    const stale = signedWebhook(succeeded, SECRET, NOW - 301);
    const error = rejection(() => verifyStripeWebhook(stale.body, stale.signature, SECRET, NOW));
    expect(error.code).toBe("invalid_input");
    expect(error.userMessage).toMatch(/too old/);
    const fresh = signedWebhook(succeeded, SECRET, NOW - 300);
    expect(verifyStripeWebhook(fresh.body, fresh.signature, SECRET, NOW).id).toBe("evt_1");
  });

  it("reads the time from the portal clock when not given", () => {
    const { body, signature } = signedWebhook(succeeded, SECRET, NOW);
    setClockForTests(new Date((NOW + 301) * 1000));
    expect(rejection(() => verifyStripeWebhook(body, signature, SECRET)).userMessage).toMatch(/too old/);
    setClockForTests(new Date((NOW + 10) * 1000));
    expect(verifyStripeWebhook(body, signature, SECRET).id).toBe("evt_1");
  });

  it("refuses a missing or empty Stripe-Signature header", () => {
    const { body } = signedWebhook(succeeded, SECRET, NOW);
    for (const missing of [null, ""]) {
      const error = rejection(() => verifyStripeWebhook(body, missing, SECRET, NOW));
      expect(error.code).toBe("invalid_input");
      expect(error.userMessage).toMatch(/missing/);
    }
  });

  it("refuses a header that is not a Stripe signature", () => {
    const { body } = signedWebhook(succeeded, SECRET, NOW);
    expect(rejection(() => verifyStripeWebhook(body, "nonsense", SECRET, NOW)).code).toBe("invalid_input");
  });

  it("says the portal is not configured when there is no webhook secret", () => {
    const { body, signature } = signedWebhook(succeeded, SECRET, NOW);
    expect(rejection(() => verifyStripeWebhook(body, signature, "", NOW)).code).toBe("unavailable");
  });
});
