import { getDb } from "@/db";
import { allowanceLedger, companies, operators, planRefillPackages, plans, sims, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";

// Fixtures for the payments db tests (imported by tests only): a company with an admin and an end
// user, an operator without integration (a lifted suspension applies in the portal), a prepaid
// plan with one refill package, and prepaid SIMs that ran out of data.

export const MB = 1_000_000;
export const DAY = 86_400_000;

export type PaymentWorld = {
  companyId: string;
  admin: Viewer;
  endUser: Viewer;
  staff: Viewer;
  operatorId: string;
  planId: string;
  packageId: string;
  emptySim: (over?: Partial<typeof sims.$inferInsert>) => Promise<typeof sims.$inferSelect>;
};

let n = 0;

export async function paymentWorld(name: string, at: Date): Promise<PaymentWorld> {
  const db = getDb();
  const slug = name.toLowerCase().replace(/\W+/g, "-");
  const [company] = await db.insert(companies).values({ name }).returning();
  const [op] = await db.insert(operators).values({ name: `${name} Op`, countryCode: "GB", currency: "GBP", driver: "none" }).returning();
  if (!company || !op) throw new Error("fixtures");
  const [s, a, u] = await db
    .insert(users)
    .values([
      { email: `staff@${slug}.example`, role: "staff" },
      { email: `admin@${slug}.example`, role: "company_admin", companyId: company.id },
      { email: `user@${slug}.example`, role: "end_user", companyId: company.id },
    ])
    .returning();
  if (!s || !a || !u) throw new Error("users");
  const viewer = (row: typeof s): Viewer => ({ userId: row.id, email: row.email, name: null, role: row.role, companyId: row.companyId, companyName: name });
  const [plan] = await db.insert(plans).values({ operatorId: op.id, type: "prepaid", currency: "GBP", priceMinor: 1000, dataBytes: 1000 * MB, validityDays: 30 }).returning();
  if (!plan) throw new Error("plan");
  const [pack] = await db.insert(planRefillPackages).values({ planId: plan.id, dataBytes: 2000 * MB, validityDays: 30, priceMinor: 1500 }).returning();
  if (!pack) throw new Error("package");
  const endUser = viewer(u);
  return {
    companyId: company.id,
    admin: viewer(a),
    endUser,
    staff: viewer(s),
    operatorId: op.id,
    planId: plan.id,
    packageId: pack.id,
    // A prepaid SIM of the end user that used up its 1,000 MB and was suspended by the system for it.
    async emptySim(over = {}) {
      n += 1;
      const [sim] = await db
        .insert(sims)
        .values({
          iccid: `8944000000000${String(900000 + n)}`,
          formFactor: "physical",
          operatorId: op.id,
          companyId: company.id,
          endUserId: endUser.userId,
          planId: plan.id,
          simType: "prepaid",
          status: "suspended",
          statusReason: "no_data",
          msisdn: `4470000${String(5000 + n)}`,
          dataLeftBytes: 0,
          validUntil: new Date(at.getTime() + 10 * DAY),
          lastUsageAt: at,
          ...over,
        })
        .returning();
      if (!sim) throw new Error("sim");
      await db.insert(allowanceLedger).values([
        { simId: sim.id, kind: "grant", bytes: 1000 * MB, validUntil: new Date(at.getTime() + 10 * DAY), sourceKey: `seed-grant:${sim.id}`, createdAt: at },
        { simId: sim.id, kind: "debit", bytes: 1000 * MB, sourceKey: `seed-debit:${sim.id}`, createdAt: at },
      ]);
      return sim;
    },
  };
}
