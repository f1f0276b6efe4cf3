import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findSimLabelChoices } from "@/db/queries/labels";
import { auditLog, companies, labels, operators, simLabelCounts, simLabels, sims, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { addLabelsChange, removeLabelsChange } from "./sim-labels";
import { changeOneSim, changeSims, type Tx } from "./sim-change";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const NIL = "00000000-0000-0000-0000-000000000000";

let acme = "";
let globex = "";
let operatorId = "";
const ids = { trucks: "", spare: "", kiosks: "", platform: "" };
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const acmeAdmin: Viewer = { userId: "", email: "admin@acme.example", name: null, role: "company_admin", companyId: null, companyName: "Acme" };
const globexAdmin: Viewer = { userId: "", email: "admin@globex.example", name: null, role: "company_admin", companyId: null, companyName: "Globex" };
const platform: Scope = { kind: "platform" };
const acmeScope = (): Scope => ({ kind: "company", companyId: acme });
const globexScope = (): Scope => ({ kind: "company", companyId: globex });

// The audit log is append-only, so fixtures are made once and each test uses SIMs of its own.
beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op] = await db().insert(operators).values({ name: "Op", countryCode: "ES", currency: "EUR" }).returning();
  if (!a || !g || !op) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  operatorId = op.id;
  const [s, aa, ga] = await db()
    .insert(users)
    .values([
      { email: staff.email, role: "staff" },
      { email: acmeAdmin.email, role: "company_admin", companyId: acme },
      { email: globexAdmin.email, role: "company_admin", companyId: globex },
    ])
    .returning();
  if (!s || !aa || !ga) throw new Error("users");
  Object.assign(staff, { userId: s.id });
  Object.assign(acmeAdmin, { userId: aa.id, companyId: acme });
  Object.assign(globexAdmin, { userId: ga.id, companyId: globex });
  const [trucks, spare, kiosks, shared] = await db()
    .insert(labels)
    .values([
      { name: "Trucks", companyId: acme, color: "#2563eb" },
      { name: "Spare", companyId: acme },
      { name: "Kiosks", companyId: globex },
      { name: "Needs swap" },
    ])
    .returning();
  if (!trucks || !spare || !kiosks || !shared) throw new Error("labels");
  Object.assign(ids, { trucks: trucks.id, spare: spare.id, kiosks: kiosks.id, platform: shared.id });
});

let serial = 0;
async function addSims(companyId: string | null, count: number, status: "active" | "suspended" = "active") {
  return db()
    .insert(sims)
    .values(Array.from({ length: count }, () => ({ iccid: `89340900000${String(++serial).padStart(8, "0")}`, formFactor: "physical" as const, operatorId, status, companyId })))
    .returning();
}
async function oneSim(companyId: string | null, status: "active" | "suspended" = "active") {
  const [sim] = await addSims(companyId, 1, status);
  if (!sim) throw new Error("sim");
  return sim;
}

const labelIdsOf = async (simId: number) =>
  (await db().select({ id: simLabels.labelId }).from(simLabels).where(eq(simLabels.simId, simId))).map((r) => r.id).sort();
const auditOf = (iccid: string) => db().select().from(auditLog).where(and(eq(auditLog.targetId, iccid), eq(auditLog.action, "sim.labels"))).orderBy(auditLog.id);

async function expectCountsRight() {
  const live = await db()
    .select({ labelId: simLabels.labelId, companyKey: sql<string>`coalesce(${sims.companyId}, ${NIL}::uuid)`, status: sims.status, count: sql<number>`count(*)::int` })
    .from(simLabels)
    .innerJoin(sims, eq(sims.id, simLabels.simId))
    .groupBy(simLabels.labelId, sql`2`, sims.status);
  const kept = await db()
    .select({ labelId: simLabelCounts.labelId, companyKey: simLabelCounts.companyKey, status: simLabelCounts.status, count: sql<number>`${simLabelCounts.count}::int` })
    .from(simLabelCounts)
    .where(ne(simLabelCounts.count, 0));
  const key = (r: { labelId: string; companyKey: string; status: string }) => `${r.labelId}/${r.companyKey}/${r.status}`;
  const sorted = <T extends { labelId: string; companyKey: string; status: string }>(rows: T[]) => rows.sort((x, y) => key(x).localeCompare(key(y)));
  expect(sorted(kept)).toEqual(sorted(live));
}

describe("labels on one SIM", () => {
  it("are added once, audited with the names before and after, and a second add changes nothing", async () => {
    const sim = await oneSim(acme);
    await db().insert(simLabels).values({ simId: sim.id, labelId: ids.platform });
    expect(await changeOneSim(acmeAdmin, acmeScope(), sim.iccid, addLabelsChange, { labelIds: [ids.trucks] }, T0)).toMatchObject({ outcome: "changed" });
    expect(await changeOneSim(acmeAdmin, acmeScope(), sim.iccid, addLabelsChange, { labelIds: [ids.trucks] }, T0)).toMatchObject({ outcome: "unchanged" });
    expect(await labelIdsOf(sim.id)).toEqual([ids.trucks, ids.platform].sort());
    const entries = await auditOf(sim.iccid);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ companyId: acme, actorUserId: acmeAdmin.userId, before: { labels: ["Needs swap"] }, after: { labels: ["Needs swap", "Trucks"] } });
    await expectCountsRight();
  });

  it("are removed once, and removing a label the SIM does not have changes nothing", async () => {
    const sim = await oneSim(acme, "suspended");
    await db().insert(simLabels).values([{ simId: sim.id, labelId: ids.trucks }, { simId: sim.id, labelId: ids.spare }]);
    expect(await changeOneSim(acmeAdmin, acmeScope(), sim.iccid, removeLabelsChange, { labelIds: [ids.trucks] }, T0)).toMatchObject({ outcome: "changed" });
    expect(await changeOneSim(acmeAdmin, acmeScope(), sim.iccid, removeLabelsChange, { labelIds: [ids.trucks] }, T0)).toMatchObject({ outcome: "unchanged" });
    expect(await labelIdsOf(sim.id)).toEqual([ids.spare]);
    const entries = await auditOf(sim.iccid);
    expect(entries.map((e) => [e.before, e.after])).toEqual([[{ labels: ["Spare", "Trucks"] }, { labels: ["Spare"] }]]);
    await expectCountsRight();
  });

  it("cannot be changed across companies by forged ids, nor by an end user, nor with platform labels by a company admin", async () => {
    const acmeSim = await oneSim(acme);
    const globexSim = await oneSim(globex);
    // Another company's label on one's own SIM, one's own label on another company's SIM.
    await expect(changeOneSim(globexAdmin, globexScope(), globexSim.iccid, addLabelsChange, { labelIds: [ids.trucks] }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(changeOneSim(globexAdmin, globexScope(), acmeSim.iccid, addLabelsChange, { labelIds: [ids.kiosks] }, T0)).rejects.toMatchObject({ code: "not_found" });
    await db().insert(simLabels).values({ simId: acmeSim.id, labelId: ids.trucks });
    await expect(changeOneSim(globexAdmin, globexScope(), acmeSim.iccid, removeLabelsChange, { labelIds: [ids.trucks] }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(changeOneSim(acmeAdmin, acmeScope(), acmeSim.iccid, addLabelsChange, { labelIds: [ids.platform] }, T0)).rejects.toMatchObject({ code: "forbidden" });
    const endUser: Viewer = { ...acmeAdmin, role: "end_user" };
    await expect(changeOneSim(endUser, { kind: "end_user", userId: endUser.userId }, acmeSim.iccid, addLabelsChange, { labelIds: [ids.trucks] }, T0)).rejects.toMatchObject({ code: "forbidden" });
    // Staff may use any label, but a company's label only goes on that company's SIMs.
    await expect(changeOneSim(staff, platform, globexSim.iccid, addLabelsChange, { labelIds: [ids.platform, ids.trucks] }, T0)).rejects.toThrow(
      '"Trucks" is a label of Acme and only goes on that company\'s SIMs.',
    );
    expect(await labelIdsOf(globexSim.id)).toEqual([]);
    expect(await labelIdsOf(acmeSim.id)).toEqual([ids.trucks]);
    expect(await auditOf(globexSim.iccid)).toEqual([]);
  });

  it("refuses an empty choice and ids that are not labels", async () => {
    const sim = await oneSim(acme);
    await expect(changeOneSim(acmeAdmin, acmeScope(), sim.iccid, addLabelsChange, { labelIds: [] }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(changeOneSim(acmeAdmin, acmeScope(), sim.iccid, addLabelsChange, { labelIds: ["x' or 1=1"] }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(changeOneSim(acmeAdmin, acmeScope(), sim.iccid, addLabelsChange, { labelIds: ["6a1f2d4e-0000-4000-8000-000000000000"] }, T0)).rejects.toMatchObject({ code: "not_found" });
    expect(await labelIdsOf(sim.id)).toEqual([]);
  });
});

// The transaction, counting the statements started on it.
function counting(tx: Tx, count: () => void): Tx {
  const starts = new Set<PropertyKey>(["select", "insert", "update", "delete", "execute"]);
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (starts.has(property)) count();
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

describe("labels on a batch of SIMs", () => {
  it("gives each SIM its own outcome: added, already there, or refused for another company's SIM", async () => {
    const [fresh, tagged] = await addSims(acme, 2);
    const foreign = await oneSim(globex);
    if (!fresh || !tagged) throw new Error("sims");
    await db().insert(simLabels).values({ simId: tagged.id, labelId: ids.spare });
    const { changes } = await db().transaction((tx) =>
      changeSims({ tx, viewer: staff, scope: platform, at: T0 }, addLabelsChange, { ids: [foreign.id, tagged.id, fresh.id] }, { labelIds: [ids.spare] }),
    );
    const outcomes = Object.fromEntries(changes.map((c) => [c.sim.id, c.result.outcome]));
    expect(outcomes).toEqual({ [fresh.id]: "changed", [tagged.id]: "unchanged", [foreign.id]: "refused" });
    expect(await labelIdsOf(foreign.id)).toEqual([]);
    await expectCountsRight();
  });

  it("puts 20 labels on 1,000 SIMs and takes them off again in a handful of statements", async () => {
    const fleet = [...(await addSims(acme, 500)), ...(await addSims(acme, 500, "suspended"))];
    const many = await db()
      .insert(labels)
      .values(Array.from({ length: 20 }, (_, n) => ({ name: `Batch ${n}`, companyId: acme })))
      .returning({ id: labels.id });
    const input = { labelIds: many.map((l) => l.id) };
    const selector = { ids: fleet.map((s) => s.id) };
    const ctx = { viewer: acmeAdmin, scope: acmeScope(), at: T0 };
    let statements = 0;
    const added = await db().transaction((tx) => changeSims({ ...ctx, tx: counting(tx, () => statements++) }, addLabelsChange, selector, input));
    expect(added.changes.every((c) => c.result.outcome === "changed")).toBe(true);
    // Lock, prepare, read links, insert links, insert audit entries: not one per SIM.
    expect(statements).toBeGreaterThanOrEqual(3);
    expect(statements).toBeLessThanOrEqual(6);
    expect(await db().$count(simLabels, inArray(simLabels.labelId, input.labelIds))).toBe(20_000);
    expect((await db().select({ n: simLabelCounts.count }).from(simLabelCounts).where(and(eq(simLabelCounts.labelId, input.labelIds[0] ?? ""), eq(simLabelCounts.status, "suspended"))))[0]?.n).toBe(500);
    await expectCountsRight();
    statements = 0;
    const removed = await db().transaction((tx) => changeSims({ ...ctx, tx: counting(tx, () => statements++) }, removeLabelsChange, selector, input));
    expect(removed.changes.every((c) => c.result.outcome === "changed")).toBe(true);
    expect(statements).toBeGreaterThanOrEqual(3);
    expect(statements).toBeLessThanOrEqual(6);
    expect(await db().$count(simLabels, inArray(simLabels.labelId, input.labelIds))).toBe(0);
    await expectCountsRight();
    expect(await db().$count(auditLog, eq(auditLog.action, "sim.labels"))).toBeGreaterThanOrEqual(2_000);
  });
});

describe("the SIM page's label choices", () => {
  it("offer the SIM's company's labels not yet on it, and let a company admin remove only its own", async () => {
    const sim = await oneSim(acme);
    await db().insert(simLabels).values([{ simId: sim.id, labelId: ids.trucks }, { simId: sim.id, labelId: ids.platform }]);
    const forAdmin = await findSimLabelChoices(acmeScope(), sim.iccid);
    expect(forAdmin?.labels.map((l) => [l.name, l.removable])).toEqual([["Needs swap", false], ["Trucks", true]]);
    // Not what the SIM has, nor Globex's: the batch test's labels are Acme's too.
    const offered = (choices: typeof forAdmin) => choices?.available.map((l) => l.name) ?? [];
    expect(offered(forAdmin)).toContain("Spare");
    const forStaff = await findSimLabelChoices(platform, sim.iccid);
    expect(offered(forStaff)).toContain("Spare");
    for (const name of ["Trucks", "Needs swap", "Kiosks"]) {
      expect(offered(forAdmin)).not.toContain(name);
      expect(offered(forStaff)).not.toContain(name);
    }
    expect(forStaff?.labels.every((l) => l.removable)).toBe(true);
    expect(await findSimLabelChoices(globexScope(), sim.iccid)).toBeUndefined();
  });
});
