import { and, count, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, bulkJobItems, bulkJobs, companies, labels, operators, plans, simLabels, simOperations, sims, userInvites, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { createBulkJob } from "./create";
import { runBulkJobs } from "./run";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const clock = () => T0;
const QUIET = { latencyMs: 0, operationDelaySeconds: 10, failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 } };

let acme = "";
let globex = "";
let operatorId = "";
let staff: Viewer;
let admin: Viewer;
const platform = { kind: "platform" as const };
const acmeScope = () => ({ kind: "company" as const, companyId: acme });

// `count` SIMs numbered from `first`, in one statement.
async function addSims(first: number, n: number, values: { companyId: string; status: "active" | "blank" | "suspended" }) {
  await db().execute(sql`
    insert into sims (iccid, form_factor, operator_id, status, status_reason, company_id, msisdn, last_usage_at)
    select '8934' || lpad(g::text, 15, '0'), 'physical', ${operatorId}, ${values.status}, 'operator', ${values.companyId}, '346' || lpad(g::text, 8, '0'), ${T0.toISOString()}::timestamptz
    from generate_series(${first}::int, ${first + n - 1}::int) g`);
}
const iccidOf = (n: number) => `8934${String(n).padStart(15, "0")}`;

async function outcomes(jobId: string) {
  const rows = await db().select({ outcome: bulkJobItems.outcome, n: count() }).from(bulkJobItems).where(eq(bulkJobItems.jobId, jobId)).groupBy(bulkJobItems.outcome);
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op] = await db().insert(operators).values({ name: "Sim Op", countryCode: "ES", currency: "EUR", driver: "simulator", settings: QUIET }).returning();
  if (!a || !g || !op) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  operatorId = op.id;
  const [s, ad] = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
    ])
    .returning();
  if (!s || !ad) throw new Error("users");
  staff = { userId: s.id, email: s.email, name: null, role: "staff", companyId: null, companyName: null, requestId: "req-staff" };
  admin = { userId: ad.id, email: ad.email, name: null, role: "company_admin", companyId: acme, companyName: "Acme", requestId: "req-admin" };
  // 10,000 Active SIMs at Acme with 7 Blank ones among them (which cannot be suspended), and
  // Globex SIMs that Acme's admin must never reach.
  await addSims(1, 10_000, { companyId: acme, status: "active" });
  await db().execute(sql`update sims set status = 'blank' where iccid in (${sql.join([11, 999, 2_500, 5_000, 7_001, 9_998, 10_000].map((n) => sql`${iccidOf(n)}`), sql`, `)})`);
  await addSims(20_001, 50, { companyId: globex, status: "active" });
});

describe("a bulk suspend of everything a view matches", () => {
  it("suspends 10,000 SIMs in batches, with a result per SIM, and is safe to resubmit and rerun", async () => {
    const request = { action: { kind: "suspend" as const }, selection: { kind: "view" as const, query: { operator: operatorId }, description: "Operator: Sim Op" }, idempotencyKey: "k-10k" };
    const { jobId, created } = await createBulkJob(admin, acmeScope(), request, T0);
    expect(created).toBe(true);
    const [job] = await db().select().from(bulkJobs).where(eq(bulkJobs.id, jobId));
    // Only Acme's SIMs: the scope, not the filter, decides.
    expect(job).toMatchObject({ total: 10_000, state: "running", companyId: acme, requestId: "req-admin" });

    // The same form sent again finds the same job.
    expect(await createBulkJob(admin, acmeScope(), request, T0)).toEqual({ jobId, created: false });

    // Two workers at once, the second after the first one's lease ran out (as if it had hung):
    // they share the job, and every SIM is worked exactly once.
    const later = () => new Date(T0.getTime() + 5 * 60_000);
    const runs = await Promise.all([runBulkJobs({ db: db(), now: clock, batchSize: 500 }), runBulkJobs({ db: db(), now: later, batchSize: 500 })]);
    expect(runs.reduce((sum, run) => sum + run.items, 0)).toBe(10_000);
    expect(await outcomes(jobId)).toEqual({ changed: 9_993, refused: 7 });
    const [refusal] = await db().select().from(bulkJobItems).where(and(eq(bulkJobItems.jobId, jobId), eq(bulkJobItems.iccid, iccidOf(999))));
    expect(refusal).toMatchObject({ outcome: "refused", message: "Only an Active or Activation ready SIM can be suspended." });
    expect((await db().select().from(bulkJobs).where(eq(bulkJobs.id, jobId)))[0]).toMatchObject({ state: "finished" });

    const [ops] = await db().select({ n: count() }).from(simOperations);
    expect(ops?.n).toBe(9_993);
    const [pending] = await db().select({ n: count() }).from(sims).where(and(eq(sims.companyId, acme), eq(sims.status, "pending")));
    expect(pending?.n).toBe(9_993);
    const [globexPending] = await db().select({ n: count() }).from(sims).where(and(eq(sims.companyId, globex), eq(sims.status, "pending")));
    expect(globexPending?.n).toBe(0);
    // Every change is audited with the request that asked for it.
    const [audited] = await db().select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, "sim.suspend"), eq(auditLog.requestId, "req-admin")));
    expect(audited?.n).toBe(9_993);

    // Nothing is left to do: a rerun changes nothing.
    expect(await runBulkJobs({ db: db(), now: clock })).toEqual({ jobs: 0, batches: 0, items: 0, failed: 0 });
  });
});

describe("a bulk action on selected SIMs", () => {
  it("leaves out a SIM of another company whose ICCID was forged into the form", async () => {
    const { jobId } = await createBulkJob(
      admin,
      acmeScope(),
      { action: { kind: "resume" }, selection: { kind: "iccids", iccids: [iccidOf(20_001), iccidOf(999)] }, idempotencyKey: "k-forged" },
      T0,
    );
    const items = await db().select().from(bulkJobItems).where(eq(bulkJobItems.jobId, jobId));
    expect(items.map((i) => i.iccid)).toEqual([iccidOf(999)]);
    await runBulkJobs({ db: db(), now: clock });
    expect(await outcomes(jobId)).toEqual({ refused: 1 });
    expect((await db().select().from(sims).where(eq(sims.iccid, iccidOf(20_001))))[0]?.status).toBe("active");
  });

  it("refuses an empty selection, a role without the permission and a selection with no SIMs in scope", async () => {
    const selection = (iccids: string[]) => ({ kind: "iccids" as const, iccids });
    await expect(createBulkJob(admin, acmeScope(), { action: { kind: "suspend" }, selection: selection([]), idempotencyKey: "k-empty" }, T0)).rejects.toThrow("Select at least one SIM.");
    const endUser: Viewer = { ...admin, role: "end_user" };
    await expect(
      createBulkJob(endUser, { kind: "end_user", userId: admin.userId }, { action: { kind: "suspend" }, selection: selection([iccidOf(5)]), idempotencyKey: "k-user" }, T0),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createBulkJob(admin, acmeScope(), { action: { kind: "suspend" }, selection: selection([iccidOf(20_002)]), idempotencyKey: "k-none" }, T0),
    ).rejects.toThrow("No SIMs match this selection.");
    const [jobs] = await db().select({ n: count() }).from(bulkJobs).where(eq(bulkJobs.requestedBy, admin.userId));
    expect(jobs?.n).toBe(2);
  });

  it("refuses the remaining SIMs once the person who asked has lost access", async () => {
    const { jobId } = await createBulkJob(staff, platform, { action: { kind: "suspend" }, selection: { kind: "iccids", iccids: [iccidOf(20_003), iccidOf(20_004)] }, idempotencyKey: "k-gone" }, T0);
    await db().update(users).set({ active: false }).where(eq(users.id, staff.userId));
    try {
      await runBulkJobs({ db: db(), now: clock });
    } finally {
      await db().update(users).set({ active: true }).where(eq(users.id, staff.userId));
    }
    expect(await outcomes(jobId)).toEqual({ refused: 2 });
    expect((await db().select().from(sims).where(eq(sims.iccid, iccidOf(20_003))))[0]?.status).toBe("active");
  });
});

describe("a bulk label action", () => {
  it("puts a label on every SIM of a view once, and refuses another company's label before any job exists", async () => {
    const [mine, theirs] = await db()
      .insert(labels)
      .values([
        { companyId: acme, name: "Fleet A" },
        { companyId: globex, name: "Globex fleet" },
      ])
      .returning();
    if (!mine || !theirs) throw new Error("labels");
    // The first twenty Acme SIMs, by an ICCID prefix search.
    const view = { kind: "view" as const, query: { q: "89340000000000000" }, description: "Search" };
    await expect(
      createBulkJob(admin, acmeScope(), { action: { kind: "add_labels", labelIds: [theirs.id] }, selection: view, idempotencyKey: "k-theirs" }, T0),
    ).rejects.toThrow("This label does not exist.");
    expect(await db().select().from(bulkJobs).where(eq(bulkJobs.idempotencyKey, "k-theirs"))).toEqual([]);

    const { jobId } = await createBulkJob(admin, acmeScope(), { action: { kind: "add_labels", labelIds: [mine.id] }, selection: view, idempotencyKey: "k-label" }, T0);
    await runBulkJobs({ db: db(), now: clock });
    const total = (await db().select().from(bulkJobs).where(eq(bulkJobs.id, jobId)))[0]?.total ?? 0;
    expect(total).toBeGreaterThan(0);
    expect(await outcomes(jobId)).toEqual({ changed: total });
    const [linked] = await db().select({ n: count() }).from(simLabels).where(eq(simLabels.labelId, mine.id));
    expect(linked?.n).toBe(total);

    // Deleted before its job ran: the job ends, every SIM refused with the reason.
    const [doomed] = await db().insert(labels).values({ companyId: acme, name: "Doomed" }).returning();
    if (!doomed) throw new Error("label");
    const late = await createBulkJob(admin, acmeScope(), { action: { kind: "add_labels", labelIds: [doomed.id] }, selection: view, idempotencyKey: "k-doomed" }, T0);
    await db().delete(labels).where(eq(labels.id, doomed.id));
    expect(await runBulkJobs({ db: db(), now: clock })).toMatchObject({ jobs: 1, failed: 0 });
    expect(await outcomes(late.jobId)).toEqual({ refused: total });
    expect((await db().select().from(bulkJobs).where(eq(bulkJobs.id, late.jobId)))[0]?.state).toBe("finished");
    const [reason] = await db().select({ message: bulkJobItems.message }).from(bulkJobItems).where(eq(bulkJobItems.jobId, late.jobId)).limit(1);
    expect(reason?.message).toBe("This label does not exist.");

    // Again, as a new action: every SIM already has it.
    const again = await createBulkJob(admin, acmeScope(), { action: { kind: "add_labels", labelIds: [mine.id] }, selection: view, idempotencyKey: "k-label-2" }, T0);
    await runBulkJobs({ db: db(), now: clock });
    expect(await outcomes(again.jobId)).toEqual({ unchanged: total });
  });
});

describe("bulk plan and end user actions", () => {
  it("assigns a plan where its operator matches and refuses the others, per SIM", async () => {
    const [other] = await db().insert(operators).values({ name: "Other Op", countryCode: "GB", currency: "GBP", driver: "none" }).returning();
    if (!other) throw new Error("operator");
    await db().execute(sql`insert into sims (iccid, form_factor, operator_id, status, company_id) values (${iccidOf(30_001)}, 'physical', ${other.id}, 'not_available', ${acme})`);
    const [plan] = await db()
      .insert(plans)
      .values({ operatorId, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 1_000_000_000, overagePerMbMicros: 10_000 })
      .returning();
    if (!plan) throw new Error("plan");
    const selection = { kind: "iccids" as const, iccids: [iccidOf(40), iccidOf(41), iccidOf(30_001)] };
    await expect(createBulkJob(admin, acmeScope(), { action: { kind: "plan", planId: plan.id }, selection, idempotencyKey: "k-plan-admin" }, T0)).rejects.toMatchObject({ code: "forbidden" });
    const { jobId } = await createBulkJob(staff, platform, { action: { kind: "plan", planId: plan.id }, selection, idempotencyKey: "k-plan" }, T0);
    await runBulkJobs({ db: db(), now: clock });
    expect(await outcomes(jobId)).toEqual({ changed: 2, refused: 1 });
    const rows = await db().select({ iccid: sims.iccid, planId: sims.planId, simType: sims.simType }).from(sims).where(inArray(sims.iccid, selection.iccids));
    expect(rows.find((r) => r.iccid === iccidOf(30_001))).toMatchObject({ planId: null });
    expect(rows.filter((r) => r.planId === plan.id && r.simType === "subscription")).toHaveLength(2);
  });

  it("assigns a new end user across batches: one account, one invitation", async () => {
    const selection = { kind: "iccids" as const, iccids: [iccidOf(50), iccidOf(51), iccidOf(52)] };
    const { jobId } = await createBulkJob(admin, acmeScope(), { action: { kind: "end_user", email: "New.Person@Acme.example" }, selection, idempotencyKey: "k-user" }, T0);
    await runBulkJobs({ db: db(), now: clock, batchSize: 1 });
    expect(await outcomes(jobId)).toEqual({ changed: 3 });
    const person = await db().select().from(users).where(eq(users.email, "new.person@acme.example"));
    expect(person).toMatchObject([{ role: "end_user", companyId: acme, passwordHash: null }]);
    const invites = await db().select().from(userInvites).where(eq(userInvites.userId, person[0]?.id ?? ""));
    expect(invites).toHaveLength(1);
  });
});
