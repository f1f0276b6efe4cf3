import { getDb } from "@/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { PaymentProvider, ProviderName } from "./provider";
import { createSandboxProvider, type SandboxProvider } from "./sandbox/provider";
import { createStripeProvider } from "./stripe/provider";

// The provider in use: Stripe when STRIPE_SECRET_KEY is set, the built-in sandbox otherwise.
let stripe: { key: string; provider: PaymentProvider } | undefined;
let override: PaymentProvider | undefined;

export function paymentProviderName(): ProviderName {
  return override?.name ?? (env().STRIPE_SECRET_KEY ? "stripe" : "sandbox");
}

export function paymentProvider(): PaymentProvider {
  if (override) return override;
  const key = env().STRIPE_SECRET_KEY;
  if (!key) return createSandboxProvider(getDb());
  if (stripe?.key !== key) stripe = { key, provider: createStripeProvider({ secretKey: key }) };
  return stripe.provider;
}

// The sandbox's stand-ins for what Stripe.js does in the browser (card entry, 3-D Secure).
export function sandboxProvider(): SandboxProvider {
  if (paymentProviderName() !== "sandbox") throw new AppError("forbidden", "Cards are entered in Stripe's own form here.");
  return override ? (override as SandboxProvider) : createSandboxProvider(getDb());
}

// What a card form needs on the client: Stripe's publishable key, or nothing for the sandbox.
export function cardFormMode(): { provider: "sandbox" } | { provider: "stripe"; publishableKey: string } {
  if (paymentProviderName() === "sandbox") return { provider: "sandbox" };
  const publishableKey = env().NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  if (!publishableKey) {
    logger.error("card forms need NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY with STRIPE_SECRET_KEY");
    throw new AppError("unavailable", "Cards cannot be added right now. Please try again later.");
  }
  return { provider: "stripe", publishableKey };
}

export function setPaymentProviderForTests(provider: PaymentProvider | undefined): void {
  override = provider;
}
