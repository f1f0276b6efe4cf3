import { and, eq } from "drizzle-orm";
import { paymentCustomers, users } from "@/db/schema";
import { env } from "@/lib/env";
import type { MailMessage } from "@/lib/mail";
import { formatMoney } from "@/lib/money";
import type { Tx } from "@/lib/sims/sim-change";

// E-mails about automatic refills, to whoever pays: the end user for their own card, or every
// active admin of the company for the company's card. Each names the SIM and says what happens
// next, because an automatic charge happens while nobody is looking.

// The payer's addresses, from the payment customer the card belongs to.
export async function payerEmails(tx: Pick<Tx, "select">, customerId: string): Promise<string[]> {
  const [customer] = await tx.select({ userId: paymentCustomers.userId, companyId: paymentCustomers.companyId }).from(paymentCustomers).where(eq(paymentCustomers.id, customerId));
  if (!customer) return [];
  const who = customer.userId
    ? eq(users.id, customer.userId)
    : customer.companyId
      ? and(eq(users.companyId, customer.companyId), eq(users.role, "company_admin"))
      : undefined;
  if (!who) return [];
  const rows = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(who, eq(users.active, true)))
    .orderBy(users.email);
  return rows.map((r) => r.email);
}

// Without AUTH_URL the portal does not know its public address: no link rather than a wrong one.
export function paymentLink(paymentId: string): string | null {
  const base = env().AUTH_URL;
  return base ? new URL(`/account/payments/${paymentId}`, base).toString() : null;
}

export type AutoRefillFacts = { iccid: string; amountMinor: number; currency: string };

const amount = (facts: AutoRefillFacts) => formatMoney(facts.amountMinor, facts.currency);
const mails = (to: readonly string[], subject: string, paragraphs: readonly string[]): MailMessage[] =>
  to.map((address) => ({ to: address, subject, text: paragraphs.join("\n\n") }));
const RESUME = "Auto-refill is paused for this SIM. Check its settings (the card, the package) and save them to turn it back on.";

export function authenticationNotice(to: readonly string[], facts: AutoRefillFacts, paymentId: string): MailMessage[] {
  const link = paymentLink(paymentId);
  return mails(to, `Your bank wants you to confirm the automatic refill of SIM ${facts.iccid}`, [
    `The automatic refill of SIM ${facts.iccid} (${amount(facts)}) was not charged: your bank asks you to confirm this payment yourself.`,
    link ? `Confirm it here: ${link}` : "Open Payments in the portal to confirm it.",
    "We will not try this charge again on our own. Auto-refill is paused for this SIM until you confirm the payment or save its settings again.",
  ]);
}

export function declinedNotice(to: readonly string[], facts: AutoRefillFacts, reason: string): MailMessage[] {
  return mails(to, `The automatic refill of SIM ${facts.iccid} was declined`, [
    `The automatic refill of SIM ${facts.iccid} (${amount(facts)}) was declined by the card's bank: ${reason}`,
    RESUME,
    "You can also refill the SIM now from its page with another card.",
  ]);
}

export function retriesExhaustedNotice(to: readonly string[], facts: AutoRefillFacts, attempts: number, reason: string): MailMessage[] {
  return mails(to, `The automatic refill of SIM ${facts.iccid} failed ${attempts} times`, [
    `We tried the automatic refill of SIM ${facts.iccid} (${amount(facts)}) ${attempts} times over several hours and the card's bank declined it each time. The last answer: ${reason}`,
    RESUME,
    "You can also refill the SIM now from its page.",
  ]);
}

export function capReachedNotice(to: readonly string[], facts: AutoRefillFacts & { capMinor: number; spentMinor: number }): MailMessage[] {
  return mails(to, `SIM ${facts.iccid} is low on data: the monthly auto-refill limit is reached`, [
    `SIM ${facts.iccid} is below its auto-refill threshold, but another automatic refill (${amount(facts)}) would go over the monthly limit you set: ${formatMoney(facts.spentMinor, facts.currency)} of ${formatMoney(facts.capMinor, facts.currency)} is already used this month.`,
    "Nothing was charged. Refill the SIM from its page, or raise the monthly limit in its auto-refill settings.",
  ]);
}
