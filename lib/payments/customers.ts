import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { simScopeCondition } from "@/db/queries/sim-scope";
import { companies, paymentCustomers, plans, sims, users } from "@/db/schema";
import { scopeOf, type Viewer } from "@/lib/auth/load-viewer";
import { AppError } from "@/lib/errors";
import type { PaymentProvider } from "./provider";

// Who pays: an end user pays for their own SIMs with their own cards; a company admin pays with
// the company's cards, which every admin of the company shares. Staff do not pay (they grant).
export type Payer = { kind: "user"; userId: string } | { kind: "company"; companyId: string };
export type Customer = typeof paymentCustomers.$inferSelect & { providerCustomerId: string };

// A card's payer (payment_customers) pays for the SIM (sims): its end user, or its company. A SIM
// that changed hands is not its former owner's to pay for, nor to see the settings of.
export const customerPaysForSim = sql`(${paymentCustomers.userId} = ${sims.endUserId} OR ${paymentCustomers.companyId} = ${sims.companyId})`;

// A live prepaid SIM the viewer pays for: an end user's own, or one of the admin's company (the
// SIMs they may see); staff pay for none.
export async function payableSimOrThrow(db: Pick<Db, "select">, viewer: Viewer, iccid: string) {
  const scope = scopeOf(viewer);
  const [sim] = await db
    .select({ id: sims.id, iccid: sims.iccid, companyId: sims.companyId, endUserId: sims.endUserId, planId: sims.planId, simType: sims.simType, currency: plans.currency })
    .from(sims)
    .leftJoin(plans, eq(plans.id, sims.planId))
    .where(and(eq(sims.iccid, iccid), scope.kind === "platform" ? sql`false` : simScopeCondition(scope), isNull(sims.retiredAt)));
  if (!sim) throw new AppError("not_found", "This SIM does not exist or is not yours.");
  if (sim.simType !== "prepaid" || !sim.planId || !sim.currency) throw new AppError("invalid_input", "Only a SIM on a prepaid plan can be refilled.");
  return { ...sim, planId: sim.planId, currency: sim.currency };
}

export function payerOf(viewer: Viewer): Payer {
  if (viewer.role === "end_user") return { kind: "user", userId: viewer.userId };
  if (viewer.role === "company_admin" && viewer.companyId) return { kind: "company", companyId: viewer.companyId };
  throw new AppError("forbidden", "Platform staff do not pay by card; refill SIMs from their page instead.");
}

function payerCondition(provider: string, payer: Payer) {
  return and(
    eq(paymentCustomers.provider, provider),
    payer.kind === "user" ? eq(paymentCustomers.userId, payer.userId) : eq(paymentCustomers.companyId, payer.companyId),
  );
}

// The payer's customer at the provider, if there is one yet.
export async function findCustomer(db: Db, provider: string, payer: Payer): Promise<typeof paymentCustomers.$inferSelect | null> {
  const [row] = await db.select().from(paymentCustomers).where(payerCondition(provider, payer));
  return row ?? null;
}

// The payer's customer, created at the provider the first time. The row is stored first and its
// id is the idempotency key, so two first requests at once create one customer.
export async function ensureCustomer(db: Db, provider: PaymentProvider, payer: Payer): Promise<Customer> {
  await db
    .insert(paymentCustomers)
    .values({ provider: provider.name, userId: payer.kind === "user" ? payer.userId : null, companyId: payer.kind === "company" ? payer.companyId : null })
    .onConflictDoNothing();
  const row = await findCustomer(db, provider.name, payer);
  if (!row) throw new Error("payment customer row missing after insert");
  if (row.providerCustomerId) return { ...row, providerCustomerId: row.providerCustomerId };
  const contact = await contactOf(db, payer);
  const created = await provider.createCustomer({ ...contact, idempotencyKey: `customer:${row.id}`, portalCustomerId: row.id });
  await db
    .update(paymentCustomers)
    .set({ providerCustomerId: created.id })
    .where(and(eq(paymentCustomers.id, row.id), isNull(paymentCustomers.providerCustomerId)));
  return { ...row, providerCustomerId: created.id };
}

// A company is billed under its name, with its first admin's e-mail for receipts.
async function contactOf(db: Db, payer: Payer): Promise<{ email: string; name: string }> {
  if (payer.kind === "user") {
    const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, payer.userId));
    if (!user) throw new AppError("not_found", "This person no longer exists.");
    return { email: user.email, name: user.name ?? user.email };
  }
  const [company] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, payer.companyId));
  if (!company) throw new AppError("not_found", "This company does not exist.");
  const [admin] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.companyId, payer.companyId), eq(users.role, "company_admin"), eq(users.active, true)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return { email: admin?.email ?? "", name: company.name };
}
