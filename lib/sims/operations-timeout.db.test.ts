import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, operators, simOperations, sims, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { requestSimOperation } from "./operations";
import { runSimOperations } from "./operations-job";

const T0 = new Date("2026-03-10T12:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const db = () => getDb();
// An operator that never answers: every call hangs until the caller's (short) timeout.
const HANGING = {
  latencyMs: 0,
  operationDelaySeconds: 1,
  timeoutMs: 100,
  maxAttempts: 1,
  failureRates: { timeout: 1, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 },
};

let staff: Viewer;
let simId = 0;

beforeAll(async () => {
  const [company] = await db().insert(companies).values({ name: "Acme" }).returning();
  const [operator] = await db().insert(operators).values({ name: "Slow Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: HANGING }).returning();
  const [user] = await db().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  if (!company || !operator || !user) throw new Error("fixtures");
  staff = { userId: user.id, email: user.email, name: null, role: "staff", companyId: null, companyName: null };
  const [sim] = await db()
    .insert(sims)
    .values({ iccid: "8934070000000000011", formFactor: "physical", operatorId: operator.id, status: "active", statusReason: "operator", companyId: company.id, msisdn: "34600000011", lastUsageAt: T0 })
    .returning();
  if (!sim) throw new Error("sim");
  simId = sim.id;
});

describe("an operation at an operator that times out", () => {
  it("is retried with backoff, then ends with the SIM back where it was and the reason shown", async () => {
    await requestSimOperation(staff, { kind: "platform" }, "8934070000000000011", "suspend", T0);
    const first = await runSimOperations({ db: db(), now: () => T0 });
    expect(first).toMatchObject({ claimed: 1, waiting: 1 });
    const [op] = await db().select().from(simOperations).where(eq(simOperations.simId, simId));
    expect(op).toMatchObject({ state: "queued", attempts: 1 });
    expect(op?.error).toMatch(/^timeout: /);
    expect(op?.nextAttemptAt.getTime()).toBeGreaterThan(T0.getTime());
    // Still Pending between attempts: the user sees that the operator is being waited for.
    expect((await db().select().from(sims).where(eq(sims.id, simId)))[0]?.status).toBe("pending");

    let failed = 0;
    for (let minute = 1; minute <= 10 && failed === 0; minute++) failed = (await runSimOperations({ db: db(), now: () => minutes(minute) })).failed;
    expect(failed).toBe(1);
    const [sim] = await db().select().from(sims).where(eq(sims.id, simId));
    expect(sim).toMatchObject({ status: "active", statusReason: "operator" });
    expect(sim?.statusDetail).toMatch(/^Suspending failed: (timeout|circuit_open): /);
  });
});
