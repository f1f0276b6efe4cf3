import type { Db } from "@/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { handleProviderEvent } from "./events";
import type { PaymentProvider } from "./provider";
import { verifyStripeWebhook } from "./stripe/webhook";

// The Stripe webhook, transport aside: the signature is checked on the raw body (300 s
// tolerance) before anything is read or written; events outside the allowlist are answered 200 so
// Stripe stops sending them; a failure answers 500 so Stripe retries.

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

export async function receiveStripeWebhook(
  rawBody: string,
  signature: string | null,
  deps: { db: Db; provider: PaymentProvider; secret: string | undefined; at: Date },
): Promise<WebhookAnswer> {
  if (!deps.secret || deps.provider.name !== "stripe") return { status: 404, body: { error: "Stripe is not configured" } };
  let event;
  try {
    event = verifyStripeWebhook(rawBody, signature, deps.secret, Math.floor(deps.at.getTime() / 1000));
  } catch (error) {
    if (error instanceof AppError) return { status: 400, body: { error: error.userMessage } };
    throw error;
  }
  try {
    const outcome = await handleProviderEvent(deps.db, deps.provider, event, deps.at);
    return { status: 200, body: { received: true, outcome } };
  } catch (error) {
    logger.error("stripe webhook failed", { eventId: event.id, type: event.type, error });
    return { status: 500, body: { error: "The event could not be handled; it will be retried." } };
  }
}
