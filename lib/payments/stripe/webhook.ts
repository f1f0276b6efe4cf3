import Stripe from "stripe";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { ProviderEvent } from "../provider";
import { toProviderEvent } from "./transform";

// Stripe webhooks: verified on the raw body (any re-serialisation breaks the signature) with
// Stripe's 300 s tolerance, so a captured request cannot be replayed later.

export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

// The events the portal acts on (lib/payments/events.ts); anything else is acknowledged and
// ignored. Refunds are made from the portal, which records them itself.
export const HANDLED_STRIPE_EVENTS = [
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.processing",
  "payment_intent.requires_action",
  "payment_intent.canceled",
  "setup_intent.succeeded",
] as const;

export type HandledStripeEvent = (typeof HANDLED_STRIPE_EVENTS)[number];

export function isHandledStripeEvent(type: string): type is HandledStripeEvent {
  return (HANDLED_STRIPE_EVENTS as readonly string[]).includes(type);
}

function isEventShape(value: unknown): value is { id: string; type: string; data: { object: unknown } } {
  if (typeof value !== "object" || value === null) return false;
  const { id, type, data } = value as Record<string, unknown>;
  return typeof id === "string" && typeof type === "string" && typeof data === "object" && data !== null && "object" in data;
}

// `nowSeconds` defaults to the portal clock, so tests that set it and sign with it agree.
export function verifyStripeWebhook(rawBody: string, signature: string | null, secret: string, nowSeconds?: number): ProviderEvent {
  if (!secret.trim()) throw new AppError("unavailable", "Stripe webhooks are not configured.");
  if (!signature) throw new AppError("invalid_input", "The Stripe-Signature header is missing.");
  const receivedAtMs = (nowSeconds ?? Math.floor(now().getTime() / 1000)) * 1000;
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, STRIPE_WEBHOOK_TOLERANCE_SECONDS, undefined, receivedAtMs);
  } catch (error) {
    if (error instanceof SyntaxError) throw new AppError("invalid_input", "The webhook body is not a Stripe event.");
    if (error instanceof Stripe.errors.StripeSignatureVerificationError && /tolerance/i.test(error.message)) {
      throw new AppError("invalid_input", "The webhook signature is too old.");
    }
    throw new AppError("invalid_input", "The webhook signature does not match its body.");
  }
  if (!isEventShape(event)) throw new AppError("invalid_input", "The webhook body is not a Stripe event.");
  return toProviderEvent(event);
}
