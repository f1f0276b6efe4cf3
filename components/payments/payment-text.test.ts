import { describe, expect, it } from "vitest";
import { declineMessage, parseCardExpiry, pauseExplanation, paymentOutcome, paymentStatusView, paymentSubject, refilledMessage } from "./payment-text";

const failure = (failureCode: string | null, declineCode: string | null, failureMessage: string | null = null) => ({ failureCode, declineCode, failureMessage });

describe("declineMessage", () => {
  it("says why a card was declined in words the card holder can act on", () => {
    expect(declineMessage(failure("card_declined", "insufficient_funds", "Your card has insufficient funds."))).toBe("Your card was declined: insufficient funds.");
    expect(declineMessage(failure("expired_card", "expired_card"))).toBe("Your card was declined: the card has expired.");
    expect(declineMessage(failure("authentication_required", "authentication_required"))).toBe("Your card was declined: your bank asks you to confirm this payment.");
  });

  it("reads a lost or stolen card, or an unknown code, as a plain decline", () => {
    expect(declineMessage(failure("card_declined", "stolen_card", "Your card was declined."))).toBe("Your card was declined.");
    expect(declineMessage(failure("card_declined", null))).toBe("Your card was declined.");
  });

  it("never shows the provider's own text (it may name internal ids) to the payer", () => {
    expect(declineMessage(failure("payment_intent_authentication_failure", null, "We are unable to authenticate your payment method."))).toBe(
      "Your card was declined: the confirmation with your bank did not succeed.",
    );
    expect(declineMessage(failure("resource_missing", null, "No such PaymentMethod: 'pm_123'"))).toBe("The payment failed: try again, or with another card.");
  });
});

describe("paymentOutcome", () => {
  it("does not call a payment that could not be credited a success", () => {
    const paid = { id: "p", status: "succeeded", failureCode: null, declineCode: null, failureMessage: null };
    expect(paymentOutcome(paid)).toEqual({ kind: "paid" });
    expect(paymentOutcome({ ...paid, creditError: "The SIM is no longer a live prepaid SIM, so the refill could not be added." })).toMatchObject({ kind: "declined", message: expect.stringMatching(/^Paid, but nothing could be added/) });
  });

  const payment = (status: string) => ({ id: "p1", status, ...failure(status === "failed" ? "card_declined" : null, status === "failed" ? "insufficient_funds" : null) });
  it("maps each status to what the form does next", () => {
    expect(paymentOutcome(payment("succeeded"))).toEqual({ kind: "paid" });
    expect(paymentOutcome(payment("requires_action"))).toEqual({ kind: "confirm", paymentId: "p1" });
    expect(paymentOutcome(payment("failed"))).toEqual({ kind: "declined", message: "Your card was declined: insufficient funds." });
    expect(paymentOutcome(payment("canceled")).kind).toBe("declined");
    expect(paymentOutcome(payment("processing")).kind).toBe("processing");
    expect(paymentOutcome(payment("pending")).kind).toBe("processing");
  });
});

describe("refilledMessage", () => {
  it("names the data added and the new end of validity", () => {
    expect(refilledMessage({ dataBytes: 2_000_000_000 }, new Date("2026-07-20T12:00:00Z"))).toBe("Refilled: 2 GB added, valid until 20 Jul 2026.");
    expect(refilledMessage({ dataBytes: 500_000_000 }, null)).toBe("Refilled: 500 MB added.");
  });
});

describe("paymentStatusView", () => {
  it("shows refunds over the paid status", () => {
    expect(paymentStatusView({ status: "succeeded", refundedMinor: 0, amountMinor: 100 })).toEqual({ label: "Paid", tone: "green" });
    expect(paymentStatusView({ status: "succeeded", refundedMinor: 40, amountMinor: 100 }).label).toBe("Partly refunded");
    expect(paymentStatusView({ status: "succeeded", refundedMinor: 100, amountMinor: 100 }).label).toBe("Refunded");
    expect(paymentStatusView({ status: "requires_action", refundedMinor: 0, amountMinor: 100 }).label).toBe("Needs your confirmation");
  });
});

describe("paymentSubject", () => {
  const base = { trigger: "manual", iccid: null, invoiceNumber: null, walletCurrency: null, packageDataBytes: null, packageValidityDays: null };
  it("says what each kind of payment bought", () => {
    expect(paymentSubject({ ...base, purpose: "refill", trigger: "auto_refill", iccid: "8944000000000900001", packageDataBytes: 1_000_000_000, packageValidityDays: 30 })).toBe(
      "Auto-refill 1 GB / 30 days for SIM 8944000000000900001",
    );
    expect(paymentSubject({ ...base, purpose: "wallet_top_up", walletCurrency: "EUR" })).toBe("PAYGO wallet top-up (EUR)");
    expect(paymentSubject({ ...base, purpose: "invoice", trigger: "invoice_auto", invoiceNumber: "INV-7" })).toBe("Invoice INV-7 (charged when issued)");
  });
});

describe("pauseExplanation", () => {
  it("says why auto-refill is paused and what resumes it", () => {
    expect(pauseExplanation("authentication_required").fix).toMatch(/Confirm that payment/);
    expect(pauseExplanation("card_removed").why).toBe("The card it charged was removed.");
    expect(pauseExplanation("card_declined: expired_card").why).toBe("Your card was declined: the card has expired.");
    expect(pauseExplanation("something_new").why).toBe("Automatic refills are on hold.");
  });
});

describe("parseCardExpiry", () => {
  it("reads MM/YY and MM/YYYY", () => {
    expect(parseCardExpiry("12/34")).toEqual({ month: 12, year: 2034 });
    expect(parseCardExpiry(" 1 / 2031 ")).toEqual({ month: 1, year: 2031 });
  });
  it("refuses anything else", () => {
    expect(parseCardExpiry("13/30")).toBeNull();
    expect(parseCardExpiry("0/30")).toBeNull();
    expect(parseCardExpiry("1230")).toBeNull();
    expect(parseCardExpiry("12/3")).toBeNull();
  });
});
