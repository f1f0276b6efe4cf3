import { describe, expect, it } from "vitest";
import { chargeOutcome } from "./charge-outcome";
import { parseTestCard, SANDBOX_TEST_CARDS } from "./test-cards";

const JAN_2027 = new Date("2027-01-31T23:59:59Z");

describe("parseTestCard", () => {
  it("takes a card expiring this month and a two-digit year, keeping only the last four digits", () => {
    expect(parseTestCard({ number: "4242424242424242", expMonth: 1, expYear: 27, cvc: "123" }, JAN_2027)).toEqual({
      brand: "visa",
      last4: "4242",
      expMonth: 1,
      expYear: 2027,
      behaviour: "succeeds",
    });
    expect(parseTestCard({ number: "3782 822463 10005", expMonth: 12, expYear: 2030, cvc: "1234" }, JAN_2027)).toMatchObject({ brand: "amex", last4: "0005" });
  });

  it("refuses last month across a year boundary, a year far away, and a CVC of letters", () => {
    const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2026, cvc: "123" };
    expect(() => parseTestCard(card, JAN_2027)).toThrow(/expired/);
    expect(() => parseTestCard({ ...card, expYear: 2090 }, JAN_2027)).toThrow(/expiry year/);
    expect(() => parseTestCard({ ...card, expYear: 2027, cvc: "abc" }, JAN_2027)).toThrow(/CVC/);
    expect(() => parseTestCard({ ...card, number: "4242 4242 4242 4241" }, JAN_2027)).toThrow(/only Stripe's test cards/);
  });
});

describe("chargeOutcome", () => {
  it("gives every listed card an outcome on and off session", () => {
    const outcomes = SANDBOX_TEST_CARDS.map((card) => [card.number, chargeOutcome(card.behaviour, true).status, chargeOutcome(card.behaviour, false).status]);
    expect(outcomes).toContainEqual(["4000 0027 6000 3184", "failed", "requires_action"]);
    expect(outcomes).toContainEqual(["4000 0025 0000 3155", "succeeded", "succeeded"]);
    expect(outcomes).toContainEqual(["4000 0000 0000 0341", "failed", "failed"]);
    expect(outcomes.filter(([, off, on]) => off === "succeeded" && on === "succeeded")).toHaveLength(5);
  });
});
