import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { paymentSandboxObjects } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import type { CreatePayment } from "../provider";
import { createSandboxProvider, SANDBOX_TEST_CARDS } from "./provider";

const sandbox = () => createSandboxProvider(getDb());
const rows = () => getDb().select().from(paymentSandboxObjects).orderBy(asc(paymentSandboxObjects.id));
const intentsWithKey = (key: string) =>
  getDb().select().from(paymentSandboxObjects).where(eq(paymentSandboxObjects.idempotencyKey, key)).orderBy(asc(paymentSandboxObjects.id));

let seq = 0;
const key = (what: string) => `${what}:${++seq}`;
const validCard = (number: string) => ({ number, expMonth: 6, expYear: 2026, cvc: number.startsWith("3782") ? "1234" : "123" });

let customerId = "";
let otherCustomerId = "";

beforeAll(async () => {
  setClockForTests(new Date("2026-06-15T10:00:00Z"));
  customerId = (await sandbox().createCustomer({ email: "u@example.com", name: "U", idempotencyKey: "customer:a", portalCustomerId: "a" })).id;
  otherCustomerId = (await sandbox().createCustomer({ email: "o@example.com", name: "O", idempotencyKey: "customer:b", portalCustomerId: "b" })).id;
});
afterAll(() => setClockForTests(undefined));

async function saveCard(number: string, customer = customerId): Promise<string> {
  const setup = await sandbox().createSetup({ customerId: customer, idempotencyKey: key("setup") });
  const saved = await sandbox().confirmSetupWithTestCard(setup.id, validCard(number));
  if (!saved.card) throw new Error("no card saved");
  return saved.card.providerMethodId;
}

const charge = (paymentMethodId: string, over: Partial<CreatePayment> = {}) =>
  sandbox().createPayment({
    customerId,
    paymentMethodId,
    amountMinor: 1_000,
    currency: "EUR",
    offSession: true,
    idempotencyKey: key("payment"),
    description: "Refill",
    portalPaymentId: "portal-payment",
    ...over,
  });

describe("customers and setups", () => {
  it("creates a customer once per key, and refuses the key with other details", async () => {
    const again = await sandbox().createCustomer({ email: "u@example.com", name: "U", idempotencyKey: "customer:a", portalCustomerId: "a" });
    expect(again.id).toBe(customerId);
    expect(customerId).toMatch(/^cus_[0-9A-Za-z]{24}$/);
    await expect(sandbox().createCustomer({ email: "x@example.com", name: "X", idempotencyKey: "customer:a", portalCustomerId: "z" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await rows()).filter((r) => r.kind === "customer")).toHaveLength(2);
  });

  it("creates a setup waiting for a card, once per key; an unknown customer is not found", async () => {
    const setup = await sandbox().createSetup({ customerId, idempotencyKey: "setup:once" });
    expect(setup).toMatchObject({ status: "requires_payment_method", customerId, card: null, failure: null });
    expect(setup.id).toMatch(/^seti_/);
    expect(setup.clientSecret?.startsWith(`${setup.id}_secret_`)).toBe(true);
    expect(await sandbox().createSetup({ customerId, idempotencyKey: "setup:once" })).toEqual(setup);
    expect(await sandbox().retrieveSetup(setup.id)).toEqual(setup);
    await expect(sandbox().createSetup({ customerId: "cus_nope", idempotencyKey: "setup:nope" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("saves a test card typed with spaces, keeping only its last four digits and behaviour", async () => {
    const setup = await sandbox().createSetup({ customerId, idempotencyKey: key("setup") });
    const saved = await sandbox().confirmSetupWithTestCard(setup.id, { number: "4242 4242 4242 4242", expMonth: 6, expYear: 26, cvc: "123" });
    expect(saved).toMatchObject({ id: setup.id, status: "succeeded", card: { brand: "visa", last4: "4242", expMonth: 6, expYear: 2026 } });
    expect(saved.card?.providerMethodId).toMatch(/^pm_/);
    expect(await sandbox().retrieveSetup(setup.id)).toEqual(saved);
    const [method] = (await rows()).filter((r) => r.id === saved.card?.providerMethodId);
    expect(method?.data).toMatchObject({ last4: "4242", behaviour: "succeeds", customerId });
    expect(JSON.stringify(await rows())).not.toContain("4242424242424242");
    // Submitting the same card again saves nothing new; another card on this setup is refused.
    expect(await sandbox().confirmSetupWithTestCard(setup.id, validCard("4242424242424242"))).toEqual(saved);
    await expect(sandbox().confirmSetupWithTestCard(setup.id, validCard("5555555555554444"))).rejects.toMatchObject({ code: "conflict" });
    expect((await rows()).filter((r) => r.kind === "payment_method" && r.idempotencyKey === setup.id)).toHaveLength(1);
  });

  it("refuses a card that is not a test card, an expired date and a bad CVC, writing nothing", async () => {
    const setup = await sandbox().createSetup({ customerId, idempotencyKey: key("setup") });
    const before = await rows();
    const refusals: [Parameters<ReturnType<typeof sandbox>["confirmSetupWithTestCard"]>[1], string][] = [
      [validCard("4111 1111 1111 1112"), "The sandbox accepts only Stripe's test cards, such as 4242 4242 4242 4242."],
      [validCard("4242-4242-4242-4242"), "The sandbox accepts only Stripe's test cards, such as 4242 4242 4242 4242."],
      [{ ...validCard("4242424242424242"), expMonth: 5 }, "This card has expired. Test cards take any expiry date in the future."],
      [{ ...validCard("4242424242424242"), expMonth: 13 }, "Enter the expiry month as a number from 1 to 12."],
      [{ ...validCard("4242424242424242"), cvc: "12" }, "The security code (CVC) must be 3 digits."],
      [{ ...validCard("378282246310005"), cvc: "123" }, "The security code (CVC) must be 4 digits."],
    ];
    for (const [card, userMessage] of refusals) {
      await expect(sandbox().confirmSetupWithTestCard(setup.id, card)).rejects.toMatchObject({ code: "invalid_input", userMessage });
    }
    expect(await rows()).toEqual(before);
    await expect(sandbox().confirmSetupWithTestCard("seti_nope", validCard("4242424242424242"))).rejects.toMatchObject({ code: "not_found" });
  });

  it("lists every test card as a hint, each accepted by the form", async () => {
    expect(SANDBOX_TEST_CARDS.map((c) => c.number)).toEqual(expect.arrayContaining(["4242 4242 4242 4242", "4000 0027 6000 3184", "4000 0000 0000 0341"]));
    for (const card of SANDBOX_TEST_CARDS) expect(await saveCard(card.number)).toMatch(/^pm_/);
  });
});

describe("charges by card behaviour", () => {
  const cases: [string, boolean, string, string | null, string | null][] = [
    ["4242424242424242", true, "succeeded", null, null],
    ["5555555555554444", false, "succeeded", null, null],
    ["4000000000000002", true, "failed", "card_declined", "generic_decline"],
    ["4000000000009995", true, "failed", "card_declined", "insufficient_funds"],
    ["4000000000000341", false, "failed", "card_declined", "generic_decline"],
    ["4000000000000069", true, "failed", "expired_card", "expired_card"],
    ["4000000000000127", true, "failed", "incorrect_cvc", "incorrect_cvc"],
    ["4000002500003155", true, "succeeded", null, null],
    ["4000002500003155", false, "succeeded", null, null],
    ["4000002760003184", true, "failed", "authentication_required", "authentication_required"],
    ["4000002760003184", false, "requires_action", null, null],
  ];
  it.each(cases)("card %s, off-session %s: %s %s/%s", async (number, offSession, status, code, declineCode) => {
    const paymentMethodId = await saveCard(number);
    const payment = await charge(paymentMethodId, { offSession, portalPaymentId: `p-${number}` });
    expect(payment).toMatchObject({ status, amountMinor: 1_000, currency: "EUR", customerId, paymentMethodId, portalPaymentId: `p-${number}` });
    expect(payment.id).toMatch(/^pi_/);
    expect(payment.clientSecret?.startsWith(`${payment.id}_secret_`)).toBe(true);
    expect(payment.failure?.code ?? null).toBe(code);
    expect(payment.failure?.declineCode ?? null).toBe(declineCode);
    if (code) expect(payment.failure?.message).toMatch(/^Your card/);
    expect(await sandbox().retrievePayment(payment.id)).toEqual(payment);
  });

  it("refuses another customer's card, an unknown card and a bad amount", async () => {
    const theirs = await saveCard("4242424242424242", otherCustomerId);
    await expect(charge(theirs)).rejects.toMatchObject({ code: "invalid_request", name: "PaymentRefused" });
    await expect(charge("pm_nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(charge(theirs, { customerId: "cus_nope" })).rejects.toMatchObject({ code: "not_found" });
    await expect(charge(theirs, { customerId: otherCustomerId, amountMinor: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(charge(theirs, { customerId: otherCustomerId, amountMinor: 10.5 })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("fails a charge to a detached card; detaching twice is harmless, an unknown card not found", async () => {
    const paymentMethodId = await saveCard("4242424242424242");
    await sandbox().detachCard(paymentMethodId);
    await sandbox().detachCard(paymentMethodId);
    const payment = await charge(paymentMethodId);
    expect(payment).toMatchObject({ status: "failed", failure: { code: "payment_method_unexpected_state", declineCode: null } });
    await expect(sandbox().detachCard("pm_nope")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("idempotency", () => {
  it("answers a repeated key with the same intent and refuses it with another amount", async () => {
    const paymentMethodId = await saveCard("4242424242424242");
    const first = await charge(paymentMethodId, { idempotencyKey: "pay:seq" });
    expect(await charge(paymentMethodId, { idempotencyKey: "pay:seq" })).toEqual(first);
    await expect(charge(paymentMethodId, { idempotencyKey: "pay:seq", amountMinor: 2_000 })).rejects.toMatchObject({ code: "conflict" });
    expect(await intentsWithKey("pay:seq")).toHaveLength(1);
  });

  it("stores one intent for 5 concurrent creates with one key", async () => {
    const paymentMethodId = await saveCard("4000000000009995");
    const results = await Promise.all(Array.from({ length: 5 }, () => charge(paymentMethodId, { idempotencyKey: "pay:concurrent" })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.every((r) => r.status === "failed" && r.failure?.declineCode === "insufficient_funds")).toBe(true);
    expect(await intentsWithKey("pay:concurrent")).toHaveLength(1);
  });
});

describe("refunds", () => {
  it("refunds in parts up to what was paid, answers a repeated key with its refund", async () => {
    const payment = await charge(await saveCard("4242424242424242"));
    const first = await sandbox().refund({ paymentId: payment.id, amountMinor: 300, idempotencyKey: "refund:1" });
    expect(first).toMatchObject({ status: "succeeded", amountMinor: 300, paymentId: payment.id });
    expect(first.id).toMatch(/^re_/);
    expect(await sandbox().refund({ paymentId: payment.id, amountMinor: 300, idempotencyKey: "refund:1" })).toEqual(first);
    await expect(sandbox().refund({ paymentId: payment.id, amountMinor: 400, idempotencyKey: "refund:1" })).rejects.toMatchObject({ code: "conflict" });
    await expect(sandbox().refund({ paymentId: payment.id, amountMinor: 701, idempotencyKey: "refund:2" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await sandbox().refund({ paymentId: payment.id, amountMinor: 700, idempotencyKey: "refund:3" })).toMatchObject({ amountMinor: 700 });
    await expect(sandbox().refund({ paymentId: payment.id, amountMinor: 1, idempotencyKey: "refund:4" })).rejects.toMatchObject({ code: "invalid_input" });
    // A replay after the payment is fully refunded still answers with its refund.
    expect(await sandbox().refund({ paymentId: payment.id, amountMinor: 300, idempotencyKey: "refund:1" })).toEqual(first);
    expect(await sandbox().retrievePayment(payment.id)).toMatchObject({ status: "succeeded" });
    expect((await rows()).filter((r) => r.kind === "refund")).toHaveLength(2);
  });

  it("never refunds more than was paid under concurrent refunds", async () => {
    const payment = await charge(await saveCard("4242424242424242"));
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => sandbox().refund({ paymentId: payment.id, amountMinor: 300, idempotencyKey: `refund:c${i}` })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(3);
    expect(attempts.filter((a) => a.status === "rejected").map((a) => (a.status === "rejected" ? a.reason.code : ""))).toEqual(["invalid_input", "invalid_input"]);
  });

  it("refuses to refund a failed payment or an unknown one", async () => {
    const declined = await charge(await saveCard("4000000000000002"));
    await expect(sandbox().refund({ paymentId: declined.id, amountMinor: 100, idempotencyKey: key("refund") })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(sandbox().refund({ paymentId: "pi_nope", amountMinor: 100, idempotencyKey: key("refund") })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("authentication", () => {
  it("completes an on-session payment that needs authentication, or fails it", async () => {
    const card = await saveCard("4000002760003184");
    const passed = await charge(card, { offSession: false });
    expect(passed.status).toBe("requires_action");
    expect(await sandbox().completeAuthentication(passed.id, "succeed")).toMatchObject({ status: "succeeded", failure: null });
    // Submitted twice: the payment stays as it is.
    expect(await sandbox().completeAuthentication(passed.id, "fail")).toMatchObject({ status: "succeeded" });

    const refused = await charge(card, { offSession: false });
    expect(await sandbox().completeAuthentication(refused.id, "fail")).toMatchObject({
      status: "failed",
      failure: { code: "payment_intent_authentication_failure", declineCode: null },
    });
    expect(await sandbox().retrievePayment(refused.id)).toMatchObject({ status: "failed" });
    await expect(sandbox().completeAuthentication("pi_nope", "succeed")).rejects.toMatchObject({ code: "not_found" });
  });

  it("confirms on-session an off-session payment that needed authentication", async () => {
    const card = await saveCard("4000002760003184");
    const offSession = await charge(card);
    expect(offSession).toMatchObject({ status: "failed", failure: { code: "authentication_required" } });
    const confirmed = await sandbox().confirmPaymentOnSession(offSession.id, { paymentMethodId: card, returnUrl: "http://localhost/x" });
    expect(confirmed).toMatchObject({ id: offSession.id, status: "requires_action", failure: null });
    expect(confirmed.clientSecret?.startsWith(`${offSession.id}_secret_`)).toBe(true);
    expect(await sandbox().completeAuthentication(offSession.id, "succeed")).toMatchObject({ status: "succeeded" });
    // Confirming a payment that succeeded changes nothing.
    const otherCard = await saveCard("4000000000000002");
    expect(await sandbox().confirmPaymentOnSession(offSession.id, { paymentMethodId: otherCard, returnUrl: "" })).toMatchObject({
      status: "succeeded",
      paymentMethodId: card,
    });
  });

  it("confirms a failed payment on-session with another card, by that card's behaviour", async () => {
    const failed = await charge(await saveCard("4000000000009995"));
    const good = await saveCard("4242424242424242");
    expect(await sandbox().confirmPaymentOnSession(failed.id, { paymentMethodId: good, returnUrl: "" })).toMatchObject({
      status: "succeeded",
      failure: null,
      paymentMethodId: good,
    });
    await expect(sandbox().confirmPaymentOnSession("pi_nope", { paymentMethodId: good, returnUrl: "" })).rejects.toMatchObject({ code: "not_found" });
    // An id of another kind is not a payment.
    await expect(sandbox().retrievePayment(good)).rejects.toMatchObject({ code: "not_found" });
    await expect(sandbox().retrieveSetup(failed.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
