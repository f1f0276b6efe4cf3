import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { listCompaniesOverview } from "@/db/queries/companies";
import { auditLog, companies, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/load-viewer";
import { createCompany, updateCompany } from "./companies";

const T0 = new Date("2026-03-10T12:00:00Z");
let staff: Viewer;
const admin: Viewer = { userId: "", email: "admin@x.example", name: null, role: "company_admin", companyId: null, companyName: null };

beforeAll(async () => {
  const [user] = await getDb().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  if (!user) throw new Error("user");
  staff = { userId: user.id, email: user.email, name: null, role: "staff", companyId: null, companyName: null, requestId: "req-1" };
});

describe("companies", () => {
  it("creates a company with an audit entry its admins can read, and lists it", async () => {
    const { id } = await createCompany(staff, { name: "  Initech ", timeZone: "Europe/Madrid" }, T0);
    const [row] = await getDb().select().from(companies).where(eq(companies.id, id));
    expect(row).toMatchObject({ name: "Initech", timeZone: "Europe/Madrid" });
    const [entry] = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "company.create"), eq(auditLog.targetId, id)));
    expect(entry).toMatchObject({ companyId: id, actorUserId: staff.userId, requestId: "req-1", after: { name: "Initech", timeZone: "Europe/Madrid" } });
    expect((await listCompaniesOverview()).find((c) => c.id === id)).toMatchObject({ name: "Initech", sims: 0, admins: 0, endUsers: 0 });
  });

  it("refuses a name taken in another case, an unknown time zone and a non-staff viewer, changing nothing", async () => {
    await createCompany(staff, { name: "Hooli", timeZone: "UTC" }, T0);
    await expect(createCompany(staff, { name: "HOOLI", timeZone: "UTC" }, T0)).rejects.toThrow("A company named HOOLI already exists.");
    await expect(createCompany(staff, { name: "Pied Piper", timeZone: "Mars/Olympus" }, T0)).rejects.toThrow(/Choose a time zone/);
    await expect(createCompany(admin, { name: "Pied Piper", timeZone: "UTC" }, T0)).rejects.toMatchObject({ code: "forbidden" });
    expect(await getDb().select().from(companies).where(eq(companies.name, "Pied Piper"))).toEqual([]);
  });

  it("renames and moves a company's time zone, auditing before and after; the same values change nothing", async () => {
    const { id } = await createCompany(staff, { name: "Vandelay", timeZone: "UTC" }, T0);
    expect(await updateCompany(staff, id, { name: "Vandelay Industries", timeZone: "America/New_York" }, T0)).toEqual({ changed: true });
    expect(await updateCompany(staff, id, { name: "Vandelay Industries", timeZone: "America/New_York" }, T0)).toEqual({ changed: false });
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "company.update"), eq(auditLog.targetId, id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ before: { name: "Vandelay", timeZone: "UTC" }, after: { name: "Vandelay Industries", timeZone: "America/New_York" } });
    await createCompany(staff, { name: "Kramerica", timeZone: "UTC" }, T0);
    await expect(updateCompany(staff, id, { name: "kramerica", timeZone: "UTC" }, T0)).rejects.toThrow(/already exists/);
  });
});
