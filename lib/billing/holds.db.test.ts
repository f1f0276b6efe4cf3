import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, operators, plans, simOperations, sims, users, wallets } from "@/db/schema";
import { scopeOf } from "@/lib/auth/load-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { simOperationChange } from "@/lib/sims/operations";
import { changeOneSim } from "@/lib/sims/sim-change";

// A person asking to resume a SIM that a limit still holds is refused with what to do instead;
// once the limit is lifted the same request starts the operation.

const T0 = new Date("2026-06-10T12:00:00Z");
const db = () => getDb();
const admin: Viewer = { userId: "", email: "admin@holds.example", name: null, role: "company_admin", companyId: null, companyName: "Holds Co" };
let operatorId = "";
let companyId = "";
let paygoPlan = "";
let walletId = "";
let n = 0;

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Holds Co" }).returning();
  const [op] = await db().insert(operators).values({ name: "Holds Op", countryCode: "DE", currency: "EUR", driver: "simulator" }).returning();
  if (!company || !op) throw new Error("fixtures");
  companyId = company.id;
  operatorId = op.id;
  admin.companyId = companyId;
  const [user] = await db().insert(users).values({ email: admin.email, role: "company_admin", companyId }).returning();
  admin.userId = user?.id ?? "";
  const [plan] = await db().insert(plans).values({ operatorId, type: "paygo", currency: "EUR", defaultPerMbMicros: 1_000_000 }).returning();
  const [wallet] = await db().insert(wallets).values({ companyId, currency: "EUR", balanceMicros: -1, minimumBalanceMinor: 0 }).returning();
  if (!plan || !wallet) throw new Error("fixtures");
  paygoPlan = plan.id;
  walletId = wallet.id;
});

async function suspendedSim(over: Partial<typeof sims.$inferInsert>) {
  n += 1;
  const [sim] = await db()
    .insert(sims)
    .values({ iccid: `894900000000000${String(8000 + n)}`, formFactor: "physical", operatorId, companyId, status: "suspended", msisdn: `4917000${String(4000 + n)}`, lastUsageAt: T0, ...over })
    .returning();
  if (!sim) throw new Error("sim");
  return sim;
}

const resume = (iccid: string) => changeOneSim(admin, scopeOf(admin), iccid, simOperationChange, "resume", T0);
const openOperations = async (simId: number) => db().$count(simOperations, eq(simOperations.simId, simId));

describe("resuming a SIM a limit still holds", () => {
  it("refuses a PAYGO SIM while its company's wallet is below its minimum, and resumes it once topped up", async () => {
    const sim = await suspendedSim({ planId: paygoPlan, simType: "paygo", statusReason: "no_funds" });
    await expect(resume(sim.iccid)).rejects.toMatchObject({ code: "conflict", userMessage: "The company's wallet is below its minimum balance: top it up first." });
    expect(await openOperations(sim.id)).toBe(0);
    await db().update(wallets).set({ balanceMicros: 0 }).where(eq(wallets.id, walletId));
    expect((await resume(sim.iccid)).outcome).toBe("changed");
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]?.status).toBe("pending");
    await db().update(wallets).set({ balanceMicros: -1 }).where(eq(wallets.id, walletId));
  });

  it("refuses a prepaid SIM with no data left or an ended validity, and not one with both", async () => {
    const empty = await suspendedSim({ simType: "prepaid", statusReason: "user", dataLeftBytes: 0, validUntil: new Date(T0.getTime() + 86_400_000) });
    const expired = await suspendedSim({ simType: "prepaid", statusReason: "expiry", dataLeftBytes: 5_000_000, validUntil: T0 });
    const fine = await suspendedSim({ simType: "prepaid", statusReason: "user", dataLeftBytes: 5_000_000, validUntil: new Date(T0.getTime() + 86_400_000) });
    await expect(resume(empty.iccid)).rejects.toMatchObject({ userMessage: "This SIM has no data left: refill it first." });
    await expect(resume(expired.iccid)).rejects.toMatchObject({ userMessage: "This SIM's validity has ended: refill it first." });
    expect((await resume(fine.iccid)).outcome).toBe("changed");
    expect(await openOperations(empty.id)).toBe(0);
    expect(await openOperations(expired.id)).toBe(0);
  });
});
