import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { allowanceLedger, companies, operators, simOperations, sims, users } from "@/db/schema";
import type { MailMessage } from "@/lib/mail";
import { runDormancy } from "./dormancy";

const T0 = new Date("2026-03-10T12:00:00Z");
const daysAgo = (n: number) => new Date(T0.getTime() - n * 86_400_000);
const db = () => getDb();
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };

let acme = "";
let contract = "";
let noContract = "";
let endUser = "";
let n = 0;

// A prepaid SIM whose last refill (allowance grant) was `refilled` days ago.
async function prepaidSim(refilled: number, over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const [sim] = await db()
    .insert(sims)
    .values({
      iccid: `89340700000000${String(30_000 + n)}`,
      formFactor: "physical",
      operatorId: contract,
      status: "active",
      statusReason: "operator",
      companyId: acme,
      endUserId: endUser,
      msisdn: `3460000${String(2000 + n)}`,
      simType: "prepaid",
      dataLeftBytes: 1_000_000,
      lastUsageAt: daysAgo(1),
      createdAt: daysAgo(400),
      ...over,
    })
    .returning();
  if (!sim) throw new Error("sim");
  await db().insert(allowanceLedger).values({ simId: sim.id, kind: "grant", bytes: 1_000_000, sourceKey: `grant:${sim.id}`, createdAt: daysAgo(refilled) });
  return sim;
}
const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Acme" }).returning();
  if (!company) throw new Error("company");
  acme = company.id;
  const [withTerms, without] = await db()
    .insert(operators)
    .values([
      { name: "Simnet", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET, dormancyDays: 100 },
      { name: "Forever Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET },
    ])
    .returning();
  if (!withTerms || !without) throw new Error("operators");
  contract = withTerms.id;
  noContract = without.id;
  const [user] = await db()
    .insert(users)
    .values([
      { email: "ana@acme.example", role: "end_user", companyId: acme },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
    ])
    .returning();
  endUser = user?.id ?? "";
});

describe("the dormancy job", () => {
  it("warns the end user and the company's admins once per refill, then deactivates by the system at the contract's limit", async () => {
    const recent = await prepaidSim(10);
    const soon = await prepaidSim(80); // dormant in 20 days: inside the 30-day warning
    const dormant = await prepaidSim(101);
    const dormantSuspended = await prepaidSim(150, { status: "suspended", statusReason: "no_data" });
    const foreverContract = await prepaidSim(1_000, { operatorId: noContract });
    const mails: MailMessage[] = [];
    const send = async (message: MailMessage) => mails.push(message);

    expect(await runDormancy({ db: db(), now: () => T0, send })).toEqual({ warned: 1, deactivated: 2 });
    expect(mails.map((m) => m.to).sort()).toEqual(["admin@acme.example", "ana@acme.example"]);
    expect(mails[0]?.subject).toBe(`SIM ${soon.iccid} will be deactivated on 30 Mar 2026 without a refill`);

    expect(await simRow(dormant.id)).toMatchObject({ status: "pending", statusReason: "dormancy" });
    const [op] = await db().select().from(simOperations).where(eq(simOperations.simId, dormant.id));
    expect(op).toMatchObject({ kind: "suspend", reason: "dormancy", actorKind: "system" });
    expect(await simRow(dormantSuspended.id)).toMatchObject({ status: "suspended", statusReason: "dormancy" });
    for (const untouched of [recent, soon, foreverContract]) expect((await simRow(untouched.id))?.statusReason).toBe("operator");

    // The next day: nobody is warned twice, nothing deactivated twice.
    mails.length = 0;
    expect(await runDormancy({ db: db(), now: () => new Date(T0.getTime() + 86_400_000), send })).toEqual({ warned: 0, deactivated: 0 });
    expect(mails).toEqual([]);

    // A refill starts the count again: no warning until the new limit nears.
    await db().insert(allowanceLedger).values({ simId: soon.id, kind: "grant", bytes: 1_000_000, sourceKey: `refill:${soon.id}`, createdAt: T0 });
    expect(await runDormancy({ db: db(), now: () => T0, send })).toEqual({ warned: 0, deactivated: 0 });
  });
});
