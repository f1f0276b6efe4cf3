import { describe, expect, it } from "vitest";
import { failureKind, MAX_ATTEMPTS, retryable } from "./auto-refill-outcome";

describe("failureKind", () => {
  it.each([
    [{ code: "authentication_required", declineCode: "authentication_required" }, "authentication_required"],
    [{ code: "card_declined", declineCode: "authentication_required" }, "authentication_required"],
    [{ code: "card_declined", declineCode: "insufficient_funds" }, "soft"],
    [{ code: "card_declined", declineCode: "generic_decline" }, "soft"],
    [{ code: "card_declined", declineCode: "try_again_later" }, "soft"],
    [{ code: "card_declined", declineCode: "processing_error" }, "soft"],
    [{ code: "card_declined", declineCode: null }, "soft"],
    [{ code: "processing_error", declineCode: null }, "soft"],
    [null, "soft"],
    [{ code: "card_declined", declineCode: "stolen_card" }, "hard"],
    [{ code: "card_declined", declineCode: "lost_card" }, "hard"],
    [{ code: "card_declined", declineCode: "do_not_honor" }, "hard"],
    [{ code: "expired_card", declineCode: "expired_card" }, "hard"],
    [{ code: "incorrect_cvc", declineCode: "incorrect_cvc" }, "hard"],
    [{ code: "payment_method_unexpected_state", declineCode: null }, "hard"],
  ] as const)("%j is %s", (failure, kind) => {
    expect(failureKind(failure)).toBe(kind);
  });
});

describe("retryable", () => {
  const failed = { status: "failed", failureCode: "card_declined", declineCode: "insufficient_funds" };
  it("retries a soft decline before the last attempt only", () => {
    expect(retryable({ ...failed, attempt: 1 })).toBe(true);
    expect(retryable({ ...failed, attempt: MAX_ATTEMPTS - 1 })).toBe(true);
    expect(retryable({ ...failed, attempt: MAX_ATTEMPTS })).toBe(false);
    expect(retryable({ ...failed, declineCode: "stolen_card", attempt: 1 })).toBe(false);
    expect(retryable({ ...failed, failureCode: "authentication_required", declineCode: "authentication_required", attempt: 1 })).toBe(false);
    expect(retryable({ ...failed, status: "succeeded", attempt: 1 })).toBe(false);
  });
});
