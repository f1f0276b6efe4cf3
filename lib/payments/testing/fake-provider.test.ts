import { describe, expect, it } from "vitest";
import type { CreatePayment } from "../provider";
import { createFakeProvider, outcome } from "./fake-provider";

const payment = (customerId: string, paymentMethodId: string, over: Partial<CreatePayment> = {}): CreatePayment => ({
  customerId,
  paymentMethodId,
  amountMinor: 1500,
  currency: "GBP",
  offSession: true,
  idempotencyKey: "k1",
  description: "SIM refill",
  portalPaymentId: "p1",
  ...over,
});

describe("createFakeProvider", () => {
  it("answers the same key with the same payment and charges once; refuses the key with other parameters", async () => {
    const fake = createFakeProvider();
    const customer = (await fake.createCustomer({ email: "a@example.com", name: "A", idempotencyKey: "c", portalCustomerId: "c" })).id;
    const card = fake.setupCard(customer);
    const first = await fake.createPayment(payment(customer, card));
    expect(first).toMatchObject({ status: "succeeded", amountMinor: 1500, portalPaymentId: "p1" });
    expect(await fake.createPayment(payment(customer, card))).toEqual(first);
    await expect(fake.createPayment(payment(customer, card, { amountMinor: 99 }))).rejects.toThrow(/reused/);
    expect(fake.charges()).toBe(1);
    expect(fake.calls()).toBe(3);
    expect(await fake.retrievePayment(first.id)).toEqual(first);
  });

  it("declines, asks for authentication off-session, and throws before or after charging, as told per card", async () => {
    const fake = createFakeProvider();
    const customer = (await fake.createCustomer({ email: "a@example.com", name: "A", idempotencyKey: "c", portalCustomerId: "c" })).id;
    const card = fake.setupCard(customer, outcome.decline("card_declined", "insufficient_funds"));
    expect(await fake.createPayment(payment(customer, card, { idempotencyKey: "a" }))).toMatchObject({
      status: "failed",
      failure: { code: "card_declined", declineCode: "insufficient_funds" },
    });
    fake.setOutcome(card, outcome.authenticationRequired);
    expect(await fake.createPayment(payment(customer, card, { idempotencyKey: "b" }))).toMatchObject({ status: "failed", failure: { code: "authentication_required" } });
    expect(await fake.createPayment(payment(customer, card, { idempotencyKey: "c", offSession: false }))).toMatchObject({ status: "requires_action" });
    fake.setOutcome(card, outcome.throw);
    await expect(fake.createPayment(payment(customer, card, { idempotencyKey: "d" }))).rejects.toThrow(/network/);
    expect(fake.charges()).toBe(3);
    fake.setOutcome(card, outcome.throwAfterCharge);
    await expect(fake.createPayment(payment(customer, card, { idempotencyKey: "e" }))).rejects.toThrow(/after the charge/);
    expect(fake.charges()).toBe(4);
    expect(await fake.createPayment(payment(customer, card, { idempotencyKey: "e" }))).toMatchObject({ status: "succeeded" });
    expect(fake.charges()).toBe(4);
  });

  it("completes an authentication on-session", async () => {
    const fake = createFakeProvider();
    const customer = (await fake.createCustomer({ email: "a@example.com", name: "A", idempotencyKey: "c", portalCustomerId: "c" })).id;
    const card = fake.setupCard(customer, outcome.authenticationRequired);
    const failed = await fake.createPayment(payment(customer, card));
    expect(await fake.confirmPaymentOnSession(failed.id, { paymentMethodId: card, returnUrl: "https://portal.example.com" })).toMatchObject({ status: "succeeded", failure: null });
    expect(fake.charges()).toBe(1);
  });
});
