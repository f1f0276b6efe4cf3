import type { Db } from "@/db";
import { paymentCards } from "@/db/schema";
import { ensureCustomer, type Payer } from "../customers";
import { type FakeOutcome, type FakeProvider, outcome } from "./fake-provider";

// A saved card of a payer, as if entered in the provider's form: the payer's customer (created at
// the fake provider the first time) and a payment_cards row for a card that answers `result`.
export async function saveFakeCard(db: Db, fake: FakeProvider, payer: Payer, result: FakeOutcome = outcome.succeed, last4 = "4242"): Promise<typeof paymentCards.$inferSelect> {
  const customer = await ensureCustomer(db, fake, payer);
  const providerMethodId = fake.setupCard(customer.providerCustomerId, result);
  const [card] = await db
    .insert(paymentCards)
    .values({ customerId: customer.id, providerMethodId, brand: "visa", last4, expMonth: 12, expYear: 2030, addedBy: payer.kind === "user" ? payer.userId : null })
    .returning();
  if (!card) throw new Error("card row missing after insert");
  return card;
}
