import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, labels, operators, plans, simLabels, sims } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { luhnCheckDigit } from "@/lib/sims/luhn";
import type { SimListQuery } from "@/lib/sims/list-query";
import { countSimsByStatus, simFilterConditions } from "./sims-list";

// sim_counts is kept by triggers; the oracle here is a plain count over the sims table.
async function liveCounts(scope: Scope, query: SimListQuery) {
  const rows = await getDb()
    .select({ status: sims.status, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(sims)
    .where(and(...(await simFilterConditions(scope, query))))
    .groupBy(sims.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const STATUSES = ["active", "suspended", "pending", "activation_ready", "blank"] as const;
let ids: { acme: string; globex: string; op1: string; op2: string; plan: string; acmeLabel: string; platformLabel: string };

beforeAll(async () => {
  const db = getDb();
  const [op1, op2] = await db
    .insert(operators)
    .values([
      { name: "A", countryCode: "ES", currency: "EUR", driver: "simulator" },
      { name: "B", countryCode: "IL", currency: "ILS", driver: "none" },
    ])
    .returning();
  const [acme, globex] = await db.insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  if (!op1 || !op2 || !acme || !globex) throw new Error("fixture");
  const [plan] = await db.insert(plans).values({ operatorId: op1.id, type: "paygo", currency: "EUR", defaultPerMbMicros: 1 }).returning();
  if (!plan) throw new Error("fixture");
  const [acmeLabel, platformLabel] = await db.insert(labels).values([{ name: "Trucks", companyId: acme.id }, { name: "Spare" }]).returning();
  if (!acmeLabel || !platformLabel) throw new Error("fixture");
  ids = { acme: acme.id, globex: globex.id, op1: op1.id, op2: op2.id, plan: plan.id, acmeLabel: acmeLabel.id, platformLabel: platformLabel.id };
  // One multi-row insert, as the fleet seed and CSV import do.
  await db.insert(sims).values(
    Array.from({ length: 120 }, (_, n) => {
      const body = `89342000000${String(n).padStart(7, "0")}`;
      return {
        iccid: body + luhnCheckDigit(body),
        formFactor: n % 3 === 0 ? ("esim" as const) : ("physical" as const),
        operatorId: n % 4 === 0 ? op2.id : op1.id,
        status: STATUSES[n % STATUSES.length] ?? "active",
        companyId: n % 5 === 0 ? null : n % 2 === 0 ? acme.id : globex.id,
        planId: n % 2 === 0 ? plan.id : null,
        simType: n % 2 === 0 ? ("paygo" as const) : null,
        inSession: n % 7 === 0 ? null : n % 2 === 1,
      };
    }),
  );
  const all = await db.select({ id: sims.id, companyId: sims.companyId }).from(sims).orderBy(sims.id);
  await db.insert(simLabels).values([
    ...all.filter((r, i) => r.companyId === acme.id && i % 3 !== 0).map((r) => ({ simId: r.id, labelId: acmeLabel.id })),
    ...all.filter((_, i) => i % 4 === 1).map((r) => ({ simId: r.id, labelId: platformLabel.id })),
  ]);
});

function views(): [Scope, SimListQuery][] {
  return [
    [{ kind: "platform" }, {}],
    [{ kind: "platform" }, { company: "none" }],
    [{ kind: "platform" }, { company: ids.globex, form: "esim" }],
    [{ kind: "platform" }, { operator: ids.op2, session: "na" }],
    [{ kind: "company", companyId: ids.acme }, {}],
    [{ kind: "company", companyId: ids.acme }, { type: "paygo", session: "no" }],
    [{ kind: "company", companyId: ids.globex }, { type: "none", operator: ids.op1 }],
    [{ kind: "platform" }, { label: ids.platformLabel }],
    [{ kind: "platform" }, { label: ids.platformLabel, company: ids.globex }],
    [{ kind: "company", companyId: ids.acme }, { label: ids.acmeLabel }],
    [{ kind: "company", companyId: ids.acme }, { label: ids.platformLabel }],
  ];
}

async function expectCountsMatch() {
  for (const [scope, query] of views()) expect(await countSimsByStatus(scope, query)).toEqual(await liveCounts(scope, query));
}

describe("per-status counts kept by triggers", () => {
  it("match a live count after a bulk insert", async () => {
    await expectCountsMatch();
    expect(Object.values(await countSimsByStatus({ kind: "platform" }, {})).reduce((a, b) => a + b, 0)).toBe(120);
  });

  it("follow updates of counted columns, and deletes", async () => {
    const db = getDb();
    const pick = (where: SQL) => db.select({ id: sims.id }).from(sims).where(where).limit(15);
    const some = (await pick(eq(sims.status, "active"))).map((r) => r.id);
    await db.update(sims).set({ status: "suspended", inSession: false }).where(inArray(sims.id, some));
    const moved = (await pick(eq(sims.companyId, ids.acme))).map((r) => r.id);
    await db.update(sims).set({ companyId: ids.globex, planId: null, simType: null, operatorId: ids.op2 }).where(inArray(sims.id, moved));
    await db.update(sims).set({ note: "no counted column changes" });
    const unlabel = (await pick(eq(sims.status, "suspended"))).map((r) => r.id);
    await db.delete(simLabels).where(inArray(simLabels.simId, unlabel));
    await db.insert(simLabels).values(unlabel.slice(0, 4).map((simId) => ({ simId, labelId: ids.platformLabel })));
    const gone = (await pick(eq(sims.status, "blank"))).map((r) => r.id).slice(0, 5);
    await db.delete(sims).where(inArray(sims.id, gone));
    await expectCountsMatch();
    expect(Object.values(await countSimsByStatus({ kind: "platform" }, {})).reduce((a, b) => a + b, 0)).toBe(115);
  });

  it("stay right when a label is linked while another transaction changes the SIM's status", async () => {
    const db = getDb();
    const [sim] = await db.select({ id: sims.id }).from(sims).where(eq(sims.status, "active")).limit(1);
    if (!sim) throw new Error("fixture");
    await db.delete(simLabels).where(eq(simLabels.simId, sim.id));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let updated = () => {};
    const statusUpdated = new Promise<void>((resolve) => (updated = resolve));
    const statusChange = db.transaction(async (tx) => {
      await tx.update(sims).set({ status: "suspended" }).where(eq(sims.id, sim.id));
      updated();
      await gate;
    });
    await statusUpdated;
    // On PostgreSQL this runs on another connection while the status change is uncommitted.
    // execute() starts the query now; a Drizzle query otherwise waits until it is awaited.
    const link = db.insert(simLabels).values({ simId: sim.id, labelId: ids.platformLabel }).execute();
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([statusChange, link]);
    await expectCountsMatch();
  });

  it("empty when their tables are truncated", async () => {
    const db = getDb();
    await db.execute(sql`truncate sim_labels`);
    await expectCountsMatch();
    await db.execute(sql`truncate sims cascade`);
    await expectCountsMatch();
    expect(await countSimsByStatus({ kind: "platform" }, {})).toEqual({});
  });
});
