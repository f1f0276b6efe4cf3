import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  companies,
  labels,
  operators,
  planCountryRates,
  planRefillPackages,
  plans,
  rules,
  simLabels,
  simRules,
  simStatusHistory,
  sims,
  usageRecords,
  users,
  walletEntries,
  wallets,
} from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { setClockForTests } from "@/lib/clock";
import { findSimDetail } from "./sim-detail";

const NOW = new Date("2026-03-02T10:30:00Z");
const ICCID = "8944500000000000017";
const OTHER_ICCID = "8944500000000000025";
const MB = 1_000_000;

let companyA = "";
let companyB = "";
let endUserId = "";
let otherUserId = "";

function sourceKey(n: number) {
  return `test:${n}`;
}

beforeAll(async () => {
  setClockForTests(NOW);
  const db = getDb();
  const [operator] = await db
    .insert(operators)
    .values({ name: "Test Op", countryCode: "GB", currency: "GBP", driver: "simulator", encryptedCredentials: "secret" })
    .returning({ id: operators.id });
  const [a, b] = await db.insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning({ id: companies.id });
  const [user, other] = await db
    .insert(users)
    .values([
      { email: "user@acme.example", role: "end_user", companyId: a?.id },
      { email: "other@acme.example", role: "end_user", companyId: a?.id },
    ])
    .returning({ id: users.id });
  if (!operator || !a || !b || !user || !other) throw new Error("fixture insert failed");
  companyA = a.id;
  companyB = b.id;
  endUserId = user.id;
  otherUserId = other.id;

  const [plan] = await db
    .insert(plans)
    .values({ operatorId: operator.id, type: "prepaid", currency: "GBP", priceMinor: 1000, dataBytes: 5_000 * MB, validityDays: 30 })
    .returning({ id: plans.id });
  if (!plan) throw new Error("plan insert failed");
  await db.insert(planRefillPackages).values({ planId: plan.id, dataBytes: 1_000 * MB, validityDays: 30, priceMinor: 500 });
  await db.insert(planCountryRates).values({ planId: plan.id, countryCode: "DE", perMbMicros: 10_000 });

  const [sim] = await db
    .insert(sims)
    .values([
      {
        iccid: ICCID,
        formFactor: "esim",
        operatorId: operator.id,
        status: "active",
        planId: plan.id,
        simType: "prepaid",
        companyId: companyA,
        endUserId,
        activationCode: "LPA:1$smdp.example.com$K2-ABC",
      },
      { iccid: OTHER_ICCID, formFactor: "physical", operatorId: operator.id, status: "blank", companyId: companyB },
    ])
    .returning({ id: sims.id });
  if (!sim) throw new Error("sim insert failed");

  const [label] = await db.insert(labels).values({ companyId: companyA, name: "Fleet", color: "#16a34a" }).returning({ id: labels.id });
  const [rule] = await db
    .insert(rules)
    .values({ companyId: companyA, name: "Low data", trigger: {}, actions: [], enabled: false })
    .returning({ id: rules.id });
  if (!label || !rule) throw new Error("label/rule insert failed");
  await db.insert(simLabels).values({ simId: sim.id, labelId: label.id });
  await db.insert(simRules).values({ simId: sim.id, ruleId: rule.id });
  await db.insert(simStatusHistory).values([
    { simId: sim.id, fromStatus: null, toStatus: "pending", reason: "import", actorKind: "system", createdAt: new Date("2026-02-01T08:00:00Z") },
    { simId: sim.id, fromStatus: "pending", toStatus: "active", reason: "operator", actorKind: "operator", createdAt: new Date("2026-02-02T08:00:00Z") },
  ]);

  await db.insert(usageRecords).values([
    // Today: two records in two countries, one late in the UTC day.
    { simId: sim.id, sourceKey: sourceKey(1), startedAt: new Date("2026-03-02T01:00:00Z"), bytes: 3 * MB, mccMnc: "26201", countryCode: "DE" },
    { simId: sim.id, sourceKey: sourceKey(2), startedAt: new Date("2026-03-02T23:59:00Z"), bytes: 1 * MB, mccMnc: "90112", countryCode: null },
    // Three days ago: two records in France.
    { simId: sim.id, sourceKey: sourceKey(3), startedAt: new Date("2026-02-27T00:00:00Z"), bytes: 2 * MB, mccMnc: "20801", countryCode: "FR" },
    { simId: sim.id, sourceKey: sourceKey(4), startedAt: new Date("2026-02-27T23:00:00Z"), bytes: 4 * MB, mccMnc: "20801", countryCode: "FR" },
    // Ten days ago: a cumulative counter's growth, with no visited network reported.
    { simId: sim.id, sourceKey: sourceKey(7), startedAt: new Date("2026-02-20T12:00:00Z"), bytes: 2 * MB, mccMnc: null, countryCode: null },
    // Just outside the 30-day window (the window starts 2026-02-01T00:00Z).
    { simId: sim.id, sourceKey: sourceKey(5), startedAt: new Date("2026-01-31T23:59:59Z"), bytes: 100 * MB, mccMnc: "26201", countryCode: "DE" },
    // Tomorrow (clock skew at the operator): not in "the last 30 days ending today".
    { simId: sim.id, sourceKey: sourceKey(6), startedAt: new Date("2026-03-03T00:00:00Z"), bytes: 100 * MB, mccMnc: "26201", countryCode: "DE" },
  ]);
});

afterAll(() => setClockForTests(undefined));

const platform: Scope = { kind: "platform" };

describe("findSimDetail scope", () => {
  it("finds the SIM for platform staff", async () => {
    const sim = await findSimDetail(platform, ICCID);
    expect(sim?.iccid).toBe(ICCID);
    expect(sim?.companyName).toBe("Acme");
    expect(sim?.endUserEmail).toBe("user@acme.example");
    expect(sim?.operator).toEqual(expect.objectContaining({ name: "Test Op", currency: "GBP", driver: "simulator" }));
    expect(sim?.operator).not.toHaveProperty("encryptedCredentials");
  });

  it("finds it for its company's admin", async () => {
    expect((await findSimDetail({ kind: "company", companyId: companyA }, ICCID))?.iccid).toBe(ICCID);
  });

  it("answers another company exactly as for a SIM that does not exist", async () => {
    expect(await findSimDetail({ kind: "company", companyId: companyB }, ICCID)).toBeUndefined();
    expect(await findSimDetail({ kind: "company", companyId: companyB }, "8944500000000000033")).toBeUndefined();
    expect((await findSimDetail({ kind: "company", companyId: companyB }, OTHER_ICCID))?.iccid).toBe(OTHER_ICCID);
  });

  it("shows an end user only their own SIMs", async () => {
    expect((await findSimDetail({ kind: "end_user", userId: endUserId }, ICCID))?.iccid).toBe(ICCID);
    expect(await findSimDetail({ kind: "end_user", userId: otherUserId }, ICCID)).toBeUndefined();
  });

  it("rejects a path segment that is not 18–22 digits", async () => {
    for (const bad of ["", "89445000000000001", "8944500000000000017'", "89445000000000000171234", "abc"]) {
      expect(await findSimDetail(platform, bad)).toBeUndefined();
    }
    // 18 digits is a valid shape, just not a SIM here.
    expect(await findSimDetail(platform, "894450000000000001")).toBeUndefined();
  });
});

describe("findSimDetail contents", () => {
  it("includes the plan with its refill packages and country rates", async () => {
    const sim = await findSimDetail(platform, ICCID);
    expect(sim?.plan).toMatchObject({ type: "prepaid", currency: "GBP", priceMinor: 1000, dataBytes: 5_000 * MB, validityDays: 30 });
    expect(sim?.plan?.refillPackages).toEqual([expect.objectContaining({ dataBytes: 1_000 * MB, validityDays: 30, priceMinor: 500 })]);
    expect(sim?.plan?.countryRates).toEqual([{ countryCode: "DE", perMbMicros: 10_000 }]);
  });

  it("has no plan for a SIM without one", async () => {
    expect((await findSimDetail(platform, OTHER_ICCID))?.plan).toBeNull();
  });

  it("includes labels, rules and the status history, most recent first", async () => {
    const sim = await findSimDetail(platform, ICCID);
    expect(sim?.labels).toEqual([expect.objectContaining({ name: "Fleet", color: "#16a34a" })]);
    expect(sim?.rules).toEqual([expect.objectContaining({ name: "Low data", enabled: false })]);
    expect(sim?.statusHistory.map((h) => [h.fromStatus, h.toStatus, h.actorKind])).toEqual([
      ["pending", "active", "operator"],
      [null, "pending", "system"],
    ]);
  });

  it("sums usage per UTC day over the last 30 days, zero-filled", async () => {
    const days = (await findSimDetail(platform, ICCID))?.usageByDay ?? [];
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: "2026-02-01", bytes: 0 });
    expect(days[29]).toEqual({ day: "2026-03-02", bytes: 4 * MB });
    expect(days.find((d) => d.day === "2026-02-27")?.bytes).toBe(6 * MB);
    expect(days.reduce((sum, d) => sum + d.bytes, 0)).toBe(12 * MB);
    expect(days.every((d) => typeof d.bytes === "number")).toBe(true);
  });

  it("groups usage by country, apart from international and unreported networks", async () => {
    const byCountry = (await findSimDetail(platform, ICCID))?.usageByCountry ?? [];
    expect(byCountry).toEqual([
      { countryCode: "FR", networkReported: true, bytes: 6 * MB },
      { countryCode: "DE", networkReported: true, bytes: 3 * MB },
      { countryCode: null, networkReported: false, bytes: 2 * MB },
      { countryCode: null, networkReported: true, bytes: 1 * MB },
    ]);
  });

  it("returns empty usage for a SIM that never used data", async () => {
    const sim = await findSimDetail(platform, OTHER_ICCID);
    expect(sim?.usageByDay.every((d) => d.bytes === 0)).toBe(true);
    expect(sim?.usageByCountry).toEqual([]);
  });
});

describe("a PAYGO SIM's charges this month", () => {
  it("sums its usage entries in its company's wallets this month, leaving out another company's and other months", async () => {
    const db = getDb();
    const [operator] = await db.insert(operators).values({ name: "Paygo Op", countryCode: "DE", currency: "EUR", driver: "simulator" }).returning({ id: operators.id });
    if (!operator) throw new Error("operator");
    const [plan] = await db.insert(plans).values({ operatorId: operator.id, type: "paygo", currency: "EUR", defaultPerMbMicros: 1_000_000 }).returning({ id: plans.id });
    if (!plan) throw new Error("plan");
    const iccid = "8949000000000000041";
    const [sim] = await db
      .insert(sims)
      .values({ iccid, formFactor: "physical", operatorId: operator.id, status: "active", planId: plan.id, simType: "paygo", companyId: companyB })
      .returning({ id: sims.id });
    const [walletA, walletB] = await db
      .insert(wallets)
      .values([
        { companyId: companyA, currency: "EUR" },
        { companyId: companyB, currency: "EUR" },
      ])
      .returning({ id: wallets.id });
    if (!sim || !walletA || !walletB) throw new Error("fixtures");
    const usage = (walletId: string, key: string, micros: number, at: string) => ({
      walletId,
      kind: "usage",
      amountMicros: -micros,
      sourceKey: key,
      simId: sim.id,
      bytes: micros,
      ratePerMbMicros: 1_000_000,
      occurredAt: new Date(at),
    });
    await db.insert(walletEntries).values([
      // Charged to Acme before the SIM moved to Globex: not Globex's to see.
      usage(walletA.id, "paygo:a", 3_000_000, "2026-03-01T08:00:00Z"),
      usage(walletB.id, "paygo:b1", 1_250_000, "2026-03-01T09:00:00Z"),
      usage(walletB.id, "paygo:b2", 250_000, "2026-03-02T09:00:00Z"),
      // Last month.
      usage(walletB.id, "paygo:b0", 9_000_000, "2026-02-28T23:00:00Z"),
    ]);
    const detail = await findSimDetail({ kind: "company", companyId: companyB }, iccid);
    expect(detail?.paygoCharges).toEqual([{ walletId: walletB.id, currency: "EUR", chargedMicros: 1_500_000 }]);
  });
});
