// POST /api/webhooks/stripe: Stripe, signed with STRIPE_WEBHOOK_SECRET.
import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { paymentProvider } from "@/lib/payments/registry";
import { receiveStripeWebhook } from "@/lib/payments/webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // The raw body: the signature is over these exact bytes.
  const rawBody = await request.text();
  const answer = await receiveStripeWebhook(rawBody, request.headers.get("stripe-signature"), {
    db: getDb(),
    provider: paymentProvider(),
    secret: env().STRIPE_WEBHOOK_SECRET,
    at: now(),
  });
  return Response.json(answer.body, { status: answer.status });
}
