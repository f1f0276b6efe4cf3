import { eq, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listLabelOptions, listLabels } from "@/db/queries/labels";
import { auditLog, companies, labels, operators, simLabelCounts, simLabels, sims, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { createLabel, deleteLabel, updateLabel } from "./labels";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const NIL = "00000000-0000-0000-0000-000000000000";

let acme = "";
let globex = "";
let operatorId = "";
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const acmeAdmin: Viewer = { userId: "", email: "admin@acme.example", name: null, role: "company_admin", companyId: null, companyName: "Acme" };
const globexAdmin: Viewer = { userId: "", email: "admin@globex.example", name: null, role: "company_admin", companyId: null, companyName: "Globex" };
const platform: Scope = { kind: "platform" };
const acmeScope = (): Scope => ({ kind: "company", companyId: acme });
const globexScope = (): Scope => ({ kind: "company", companyId: globex });

// The audit log is append-only, so fixtures are made once and each test uses labels of its own.
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
});

const labelRow = async (id: string) => (await db().select().from(labels).where(eq(labels.id, id)))[0];
const auditOf = (id: string) => db().select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.id);

let serial = 0;
async function addSims(companyId: string | null, statuses: ("active" | "suspended" | "pending")[]) {
  return db()
    .insert(sims)
    .values(statuses.map((status) => ({ iccid: `89340800000000${String(++serial).padStart(5, "0")}`, formFactor: "physical" as const, operatorId, status, companyId })))
    .returning();
}

// The oracle for sim_label_counts: a plain count over the links.
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

describe("creating a label", () => {
  it("makes a company admin's label their company's, trimmed, with an audit entry", async () => {
    const { id } = await createLabel(acmeAdmin, acmeScope(), { name: "  Delivery   vans ", color: "#2563EB" }, T0);
    expect(await labelRow(id)).toMatchObject({ name: "Delivery vans", color: "#2563eb", companyId: acme });
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "label.create", targetType: "label", companyId: acme, actorUserId: acmeAdmin.userId, after: { name: "Delivery vans", color: "#2563eb" } });
    const listed = (await listLabels(acmeScope())).find((l) => l.id === id);
    expect(listed).toMatchObject({ name: "Delivery vans", simCount: 0, editable: true, companyName: "Acme" });
  });

  it("refuses a missing or long name and a colour outside the palette, creating nothing", async () => {
    const before = await db().$count(labels);
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "   ", color: "#2563eb" }, T0)).rejects.toThrow("Give the label a name.");
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "x".repeat(41), color: "#2563eb" }, T0)).rejects.toThrow("at most 40 characters");
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "Red-ish", color: "#ff0001" }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "Red-ish", color: "red; background:url(x)" }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect((await createLabel(acmeAdmin, acmeScope(), { name: "y".repeat(40), color: "#dc2626" }, T0)).id).toBeTruthy();
    expect(await db().$count(labels)).toBe(before + 1);
  });

  it("keeps names unique per owner regardless of case", async () => {
    await createLabel(acmeAdmin, acmeScope(), { name: "Cold chain", color: "#0d9488" }, T0);
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "COLD  CHAIN", color: "#0d9488" }, T0)).rejects.toThrow('A label named "Cold chain" already exists.');
    // Other owners may use the same name: another company, and the platform.
    await expect(createLabel(globexAdmin, globexScope(), { name: "cold chain", color: "#0d9488" }, T0)).resolves.toBeTruthy();
    await expect(createLabel(staff, platform, { name: "Cold chain", color: "#0d9488" }, T0)).resolves.toBeTruthy();
    await expect(createLabel(staff, platform, { name: "cold CHAIN", color: "#0d9488" }, T0)).rejects.toMatchObject({ code: "conflict" });
  });

  it("lets staff create the platform's labels and a company's, and nobody else choose the owner", async () => {
    const own = await createLabel(staff, platform, { name: "Needs check", color: "#b45309" }, T0);
    expect((await labelRow(own.id))?.companyId).toBeNull();
    const forAcme = await createLabel(staff, platform, { name: "Set up by support", color: "#b45309", companyId: acme }, T0);
    expect((await labelRow(forAcme.id))?.companyId).toBe(acme);
    expect((await auditOf(forAcme.id))[0]?.companyId).toBe(acme);
    await expect(createLabel(staff, platform, { name: "Ghost", color: "#b45309", companyId: "6a1f2d4e-0000-4000-8000-000000000000" }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "Planted", color: "#b45309", companyId: globex }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(createLabel(acmeAdmin, acmeScope(), { name: "Planted", color: "#b45309", companyId: null }, T0)).rejects.toMatchObject({ code: "forbidden" });
    const endUser: Viewer = { ...acmeAdmin, role: "end_user" };
    await expect(createLabel(endUser, { kind: "end_user", userId: endUser.userId }, { name: "Planted", color: "#b45309" }, T0)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().$count(labels, eq(labels.name, "Planted"))).toBe(0);
  });
});

describe("changing a label", () => {
  it("renames and recolours with an audit entry of before and after; the same values change nothing", async () => {
    const { id } = await createLabel(acmeAdmin, acmeScope(), { name: "Pilot", color: "#7c3aed" }, T0);
    expect(await updateLabel(acmeAdmin, acmeScope(), id, { name: "Pilot 2026", color: "#a21caf" }, T0)).toEqual({ changed: true });
    expect(await labelRow(id)).toMatchObject({ name: "Pilot 2026", color: "#a21caf" });
    expect(await updateLabel(acmeAdmin, acmeScope(), id, { name: " Pilot 2026 ", color: "#A21CAF" }, T0)).toEqual({ changed: false });
    // Only the case of its own name: not a clash with itself.
    expect(await updateLabel(acmeAdmin, acmeScope(), id, { name: "PILOT 2026" }, T0)).toEqual({ changed: true });
    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(["label.create", "label.update", "label.update"]);
    expect(entries[1]).toMatchObject({ companyId: acme, before: { name: "Pilot", color: "#7c3aed" }, after: { name: "Pilot 2026", color: "#a21caf" } });
  });

  it("refuses another label's name and a colour outside the palette, but keeps a colour from before the palette", async () => {
    await createLabel(acmeAdmin, acmeScope(), { name: "Warehouse", color: "#64748b" }, T0);
    const [old] = await db().insert(labels).values({ name: "Yard", color: "#ca8a04", companyId: acme }).returning();
    if (!old) throw new Error("fixture");
    await expect(updateLabel(acmeAdmin, acmeScope(), old.id, { name: "warehouse" }, T0)).rejects.toThrow('A label named "Warehouse" already exists.');
    await expect(updateLabel(acmeAdmin, acmeScope(), old.id, { color: "#123456" }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await updateLabel(acmeAdmin, acmeScope(), old.id, { name: "Yard east", color: "#CA8A04" }, T0)).toEqual({ changed: true });
    expect(await labelRow(old.id)).toMatchObject({ name: "Yard east", color: "#ca8a04" });
  });

  it("answers another company's label as missing and refuses a platform label to a company admin", async () => {
    const { id } = await createLabel(acmeAdmin, acmeScope(), { name: "Acme only", color: "#15803d" }, T0);
    const platformLabel = await createLabel(staff, platform, { name: "Staff marker", color: "#15803d" }, T0);
    await expect(updateLabel(globexAdmin, globexScope(), id, { name: "Mine now" }, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteLabel(globexAdmin, globexScope(), id, T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateLabel(acmeAdmin, acmeScope(), platformLabel.id, { name: "Mine now" }, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteLabel(acmeAdmin, acmeScope(), platformLabel.id, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateLabel(acmeAdmin, acmeScope(), "not-a-uuid", { name: "x" }, T0)).rejects.toMatchObject({ code: "not_found" });
    expect((await labelRow(id))?.name).toBe("Acme only");
    expect((await labelRow(platformLabel.id))?.name).toBe("Staff marker");
    // Staff may help any company.
    expect(await updateLabel(staff, platform, id, { name: "Acme only (renamed by support)" }, T0)).toEqual({ changed: true });
  });
});

describe("deleting a label", () => {
  it("takes it off every SIM and keeps the per-label counts right", async () => {
    const { id } = await createLabel(acmeAdmin, acmeScope(), { name: "Decommission", color: "#dc2626" }, T0);
    const { id: keep } = await createLabel(acmeAdmin, acmeScope(), { name: "Keep", color: "#2563eb" }, T0);
    const fleet = await addSims(acme, ["active", "active", "suspended", "pending"]);
    await db().insert(simLabels).values([...fleet.slice(0, 3).map((s) => ({ simId: s.id, labelId: id })), ...fleet.map((s) => ({ simId: s.id, labelId: keep }))]);
    expect((await listLabels(acmeScope())).find((l) => l.id === id)?.simCount).toBe(3);
    await expectCountsRight();

    expect(await deleteLabel(acmeAdmin, acmeScope(), id, T0)).toEqual({ simCount: 3 });
    expect(await labelRow(id)).toBeUndefined();
    expect(await db().$count(simLabels, eq(simLabels.labelId, id))).toBe(0);
    expect(await db().$count(simLabelCounts, eq(simLabelCounts.labelId, id))).toBe(0);
    expect(await db().$count(simLabels, eq(simLabels.labelId, keep))).toBe(4);
    await expectCountsRight();
    const [, entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "label.delete", companyId: acme, before: { name: "Decommission", simCount: 3 }, after: null });
  });
});

describe("the labels a scope sees", () => {
  it("counts each scope's own SIMs and offers a company admin only their company's labels to use", async () => {
    const { id: shared } = await createLabel(staff, platform, { name: "Roaming heavy", color: "#c2410c" }, T0);
    const { id: theirs } = await createLabel(globexAdmin, globexScope(), { name: "Kiosks", color: "#c2410c" }, T0);
    const [a1] = await addSims(acme, ["active"]);
    const [g1, g2] = await addSims(globex, ["active", "suspended"]);
    if (!a1 || !g1 || !g2) throw new Error("fixture");
    await db().insert(simLabels).values([a1, g1, g2].map((s) => ({ simId: s.id, labelId: shared })));

    const seenByAcme = await listLabels(acmeScope());
    expect(seenByAcme.find((l) => l.id === shared)).toMatchObject({ simCount: 1, editable: false, companyId: null });
    expect(seenByAcme.some((l) => l.id === theirs)).toBe(false);
    expect((await listLabels(platform)).find((l) => l.id === shared)).toMatchObject({ simCount: 3, editable: true });

    const acmeOptions = await listLabelOptions(acmeScope());
    expect(acmeOptions.length).toBeGreaterThan(0);
    expect(acmeOptions.every((l) => l.companyId === acme && l.companyName === "Acme")).toBe(true);
    const staffOptions = await listLabelOptions(platform);
    expect(staffOptions.find((l) => l.id === theirs)).toEqual({ id: theirs, name: "Kiosks", color: "#c2410c", companyId: globex, companyName: "Globex" });
    expect(staffOptions[0]?.companyId).toBeNull();
  });
});
