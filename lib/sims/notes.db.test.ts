import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operators, sims, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { updateSimNote } from "./notes";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const ICCID = "8934070000000000101";
let acme = "";
let globex = "";
const admin: Viewer = { userId: "", email: "admin@acme.example", name: null, role: "company_admin", companyId: null, companyName: null };

beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op] = await db().insert(operators).values({ name: "Op", countryCode: "ES", currency: "EUR" }).returning();
  if (!a || !g || !op) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  const [u] = await db().insert(users).values({ email: "admin@acme.example", role: "company_admin", companyId: acme }).returning();
  admin.userId = u?.id ?? "";
  admin.companyId = acme;
  await db().insert(sims).values({ iccid: ICCID, formFactor: "physical", operatorId: op.id, status: "active", companyId: acme, note: "Old" });
});

const noteOf = async () => (await db().select({ note: sims.note }).from(sims).where(eq(sims.iccid, ICCID)))[0]?.note;

describe("a SIM's note", () => {
  it("is changed by its company's admin, trimmed, with an audit entry of before and after", async () => {
    expect(await updateSimNote(admin, { kind: "company", companyId: acme }, ICCID, "  Camera, loading bay  ", T0)).toEqual({ changed: true });
    expect(await noteOf()).toBe("Camera, loading bay");
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.targetId, ICCID));
    expect(entry).toMatchObject({ action: "sim.note", companyId: acme, before: { note: "Old" }, after: { note: "Camera, loading bay" } });
    expect(await updateSimNote(admin, { kind: "company", companyId: acme }, ICCID, "Camera, loading bay", T0)).toEqual({ changed: false });
  });

  it("is refused to another company, an end user and a note too long, and nothing changes", async () => {
    const before = await noteOf();
    await expect(updateSimNote({ ...admin, companyId: globex }, { kind: "company", companyId: globex }, ICCID, "x", T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateSimNote({ ...admin, role: "end_user" }, { kind: "end_user", userId: admin.userId }, ICCID, "x", T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateSimNote(admin, { kind: "company", companyId: acme }, ICCID, "x".repeat(501), T0)).rejects.toThrow(/at most 500/);
    expect(await noteOf()).toBe(before);
  });

  it("is cleared by an empty text", async () => {
    await updateSimNote(admin, { kind: "company", companyId: acme }, ICCID, "   ", T0);
    expect(await noteOf()).toBeNull();
  });
});
