import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { companies, users } from "@/db/schema";
import { saveSetupCard } from "@/lib/payments/cards";
import { ensureCustomer, findCustomer, type Payer } from "@/lib/payments/customers";
import { createSandboxProvider } from "@/lib/payments/sandbox/provider";
import { DEMO_END_USER } from "./demo-people";

// A saved sandbox card for the demo end user and for Acme, added through the sandbox provider as
// a person would (SetupIntent, test card), so refills and auto-refill can be tried at once. Stripe
// test cards only: the sandbox refuses anything else. Skipped for a payer that has a customer.
const DEMO_CARDS = [
  { who: "user" as const, number: "4242 4242 4242 4242" },
  { who: "acme" as const, number: "5555 5555 5555 4444" },
];

export async function seedDemoCards(db: Db, clock: Date): Promise<number> {
  const provider = createSandboxProvider(db);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_END_USER));
  const [acme] = await db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Acme"));
  if (!user || !acme) return 0;
  let added = 0;
  for (const card of DEMO_CARDS) {
    const payer: Payer = card.who === "user" ? { kind: "user", userId: user.id } : { kind: "company", companyId: acme.id };
    if (await findCustomer(db, provider.name, payer)) continue;
    const customer = await ensureCustomer(db, provider, payer);
    const setup = await provider.createSetup({ customerId: customer.providerCustomerId, idempotencyKey: `seed-setup:${customer.id}` });
    const confirmed = await provider.confirmSetupWithTestCard(setup.id, { number: card.number, expMonth: 12, expYear: clock.getUTCFullYear() + 3, cvc: "123" });
    await saveSetupCard(db, customer, confirmed, null, clock);
    added += 1;
  }
  return added;
}
