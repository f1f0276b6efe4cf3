import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { listUsers } from "@/db/queries/users-admin";
import { auditLog, companies, operators, sims, userInvites, users } from "@/db/schema";
import { loadViewer, type Viewer } from "@/lib/auth/load-viewer";
import { resetEnvForTests } from "@/lib/env";
import { acceptInvite } from "./invites";
import { changeUserRole, inviteCompanyAdmin, setUserActive } from "./manage";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
let acme = "";
let globex = "";
let operatorId = "";
const ids = { staff: "", acmeAdmin: "", endUser: "" };
const viewer = (role: Viewer["role"], userId: string, companyId: string | null): Viewer => ({ userId, email: "x@example.com", name: null, role, companyId, companyName: null });
const staff = () => viewer("staff", ids.staff, null);

let nextIccid = 8934070000000000900n;
let nextUser = 0;
async function addUser(role: Viewer["role"], companyId: string | null, extra: { active?: boolean; passwordHash?: string } = {}) {
  const [row] = await db()
    .insert(users)
    .values({ email: `person${nextUser++}@manage.example`, role, companyId, passwordHash: "set", ...extra })
    .returning();
  if (!row) throw new Error("user");
  return row;
}
async function addSim(companyId: string, endUserId: string | null) {
  const [row] = await db().insert(sims).values({ iccid: String(nextIccid++), formFactor: "physical", operatorId, status: "active", companyId, endUserId }).returning();
  if (!row) throw new Error("sim");
  return row;
}
const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];
const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];
const auditOf = (targetId: string, action: string) => db().select().from(auditLog).where(and(eq(auditLog.targetId, targetId), eq(auditLog.action, action))).orderBy(asc(auditLog.id));

let logged: string[] = [];
const mailsTo = (email: string) => logged.filter((line) => line.includes("mail not sent") && line.includes(`"to":"${email}"`));

beforeAll(async () => {
  delete process.env.SMTP_URL;
  process.env.AUTH_URL = "https://portal.example.com";
  resetEnvForTests();
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  const [op] = await db().insert(operators).values({ name: "Op", countryCode: "ES", currency: "EUR" }).returning();
  if (!a || !g || !op) throw new Error("fixtures");
  acme = a.id;
  globex = g.id;
  operatorId = op.id;
  ids.staff = (await addUser("staff", null)).id;
  ids.acmeAdmin = (await addUser("company_admin", acme)).id;
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLog() {
  logged = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logged.push(String(line)));
}

describe("inviting a company admin", () => {
  it("creates an admin of that company without a password, invites them, mails the link after commit and audits it", async () => {
    captureLog();
    const result = await inviteCompanyAdmin(staff(), { email: "  New.Admin@Acme.EXAMPLE ", companyId: acme }, T0);

    const admin = await userByEmail("new.admin@acme.example");
    expect(admin).toMatchObject({ role: "company_admin", companyId: acme, passwordHash: null, active: true });
    expect(result).toMatchObject({ email: "new.admin@acme.example", delivery: "logged", reinvited: false });
    const token = result.inviteUrl.replace("https://portal.example.com/invite/", "");
    const [invite] = await db().select().from(userInvites).where(eq(userInvites.userId, admin?.id ?? ""));
    expect(invite?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(mailsTo("new.admin@acme.example")).toHaveLength(1);
    expect(mailsTo("new.admin@acme.example")[0]).toContain("administrator of Acme");
    const [audit] = await auditOf("new.admin@acme.example", "user.create");
    expect(audit).toMatchObject({ actorUserId: ids.staff, companyId: acme, after: { role: "company_admin", companyId: acme } });

    // The link works: the admin chooses a password and can then act as Acme's admin.
    await acceptInvite(token, "a long enough password", T0);
    expect((await loadViewer(admin?.id ?? ""))?.companyId).toBe(acme);
  });

  it("refuses an e-mail that already has an account, saying whose it is, and changes nothing", async () => {
    const taken = await addUser("end_user", globex);
    await expect(inviteCompanyAdmin(staff(), { email: taken.email.toUpperCase(), companyId: acme }, T0)).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringContaining("end user at Globex"),
    });
    expect(await userRow(taken.id)).toEqual(taken);
    expect(await auditOf(taken.email, "user.create")).toHaveLength(0);
    expect(await db().select().from(userInvites).where(eq(userInvites.userId, taken.id))).toHaveLength(0);
  });

  it("sends a fresh link to an admin of the same company who never accepted theirs", async () => {
    captureLog();
    const first = await inviteCompanyAdmin(staff(), { email: "slow.admin@acme.example", companyId: acme }, T0);
    const again = await inviteCompanyAdmin(staff(), { email: "slow.admin@acme.example", companyId: acme }, new Date(T0.getTime() + 8 * 86_400_000));
    expect(again.reinvited).toBe(true);
    expect(again.inviteUrl).not.toBe(first.inviteUrl);
    expect(await auditOf("slow.admin@acme.example", "user.create")).toHaveLength(1);
    expect(mailsTo("slow.admin@acme.example")).toHaveLength(2);
  });

  it("refuses bad input, unknown companies and non-staff viewers", async () => {
    await expect(inviteCompanyAdmin(staff(), { email: "not-an-email", companyId: acme }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(inviteCompanyAdmin(staff(), { email: "x@acme.example", companyId: "" }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(inviteCompanyAdmin(staff(), { email: "x@acme.example", companyId: "00000000-0000-4000-8000-000000000000" }, T0)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(inviteCompanyAdmin(viewer("company_admin", ids.acmeAdmin, acme), { email: "x@acme.example", companyId: acme }, T0)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await userByEmail("x@acme.example")).toBeUndefined();
  });
});

describe("changing a role", () => {
  it("moves an end user to company admin, removing their SIM links in the same change and auditing both", async () => {
    const person = await addUser("end_user", acme);
    const [one, two] = [await addSim(acme, person.id), await addSim(acme, person.id)];
    const other = await addSim(acme, null);

    const result = await changeUserRole(staff(), person.id, { role: "company_admin", companyId: acme }, T0);

    expect(result).toEqual({ changed: true, removedFromSims: [one.iccid, two.iccid].sort() });
    expect(await userRow(person.id)).toMatchObject({ role: "company_admin", companyId: acme });
    const linked = await db().select().from(sims).where(eq(sims.endUserId, person.id));
    expect(linked).toHaveLength(0);
    const [audit] = await auditOf(person.email, "user.role");
    expect(audit).toMatchObject({
      actorUserId: ids.staff,
      companyId: acme,
      before: { role: "end_user", companyId: acme, companyName: "Acme" },
      after: { role: "company_admin", companyId: acme, companyName: "Acme", removedFromSims: [one.iccid, two.iccid].sort() },
    });
    expect(await auditOf(one.iccid, "sim.end_user")).toMatchObject([{ companyId: acme, before: { email: person.email }, after: { email: null } }]);
    expect(await auditOf(other.iccid, "sim.end_user")).toHaveLength(0);
    // The very next request runs with the new role.
    expect((await loadViewer(person.id))?.role).toBe("company_admin");

    // The same again is no change and no second entry.
    expect(await changeUserRole(staff(), person.id, { role: "company_admin", companyId: acme }, T0)).toEqual({ changed: false, removedFromSims: [] });
    expect(await auditOf(person.email, "user.role")).toHaveLength(1);
  });

  it("unlinks an end user's SIMs when they move to another company, and makes staff company-less", async () => {
    const person = await addUser("end_user", acme);
    const sim = await addSim(acme, person.id);
    await changeUserRole(staff(), person.id, { role: "end_user", companyId: globex }, T0);
    expect(await userRow(person.id)).toMatchObject({ role: "end_user", companyId: globex });
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]?.endUserId).toBeNull();

    await changeUserRole(staff(), person.id, { role: "staff", companyId: globex }, T0);
    expect(await userRow(person.id)).toMatchObject({ role: "staff", companyId: null });
  });

  it("refuses a company admin or end user without a company, an unknown company, an unknown user and non-staff viewers", async () => {
    const person = await addUser("end_user", acme);
    const sim = await addSim(acme, person.id);
    await expect(changeUserRole(staff(), person.id, { role: "company_admin", companyId: "" }, T0)).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: "A company admin needs a company: choose the one they will manage.",
    });
    await expect(changeUserRole(staff(), person.id, { role: "end_user", companyId: null }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(changeUserRole(staff(), person.id, { role: "owner", companyId: acme }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(changeUserRole(staff(), person.id, { role: "company_admin", companyId: "00000000-0000-4000-8000-000000000000" }, T0)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(changeUserRole(staff(), "not-a-uuid", { role: "staff", companyId: null }, T0)).rejects.toMatchObject({ code: "not_found" });
    // A company admin cannot promote themselves or an end user, even with forged ids.
    const admin = viewer("company_admin", ids.acmeAdmin, acme);
    await expect(changeUserRole(admin, ids.acmeAdmin, { role: "staff", companyId: null }, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeUserRole(admin, person.id, { role: "company_admin", companyId: acme }, T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(setUserActive(admin, person.id, false, T0)).rejects.toMatchObject({ code: "forbidden" });

    expect(await userRow(person.id)).toMatchObject({ role: "end_user", companyId: acme, active: true });
    expect((await db().select().from(sims).where(eq(sims.id, sim.id)))[0]?.endUserId).toBe(person.id);
    expect(await auditOf(person.email, "user.role")).toHaveLength(0);
  });
});

describe("lock-out guards", () => {
  it("stops staff from changing their own role or deactivating themselves", async () => {
    await expect(changeUserRole(staff(), ids.staff, { role: "company_admin", companyId: acme }, T0)).rejects.toMatchObject({ code: "conflict" });
    await expect(setUserActive(staff(), ids.staff, false, T0)).rejects.toMatchObject({ code: "conflict" });
    expect(await userRow(ids.staff)).toMatchObject({ role: "staff", active: true });
  });

  it("never demotes or deactivates the last active staff account, even when two staff remove each other", async () => {
    // Alone on the platform but for `a` and `b`: the other staff accounts are set aside for this test.
    const others = await db().update(users).set({ active: false }).where(and(eq(users.role, "staff"), eq(users.active, true))).returning({ id: users.id });
    try {
      const a = await addUser("staff", null);
      const b = await addUser("staff", null);
      const asA = viewer("staff", a.id, null);
      const asB = viewer("staff", b.id, null);
      expect(await setUserActive(asA, b.id, false, T0)).toEqual({ changed: true });
      // b's request was already under way: it must not take away the last active staff account.
      await expect(setUserActive(asB, a.id, false, T0)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringContaining("last active staff") });
      await expect(changeUserRole(asB, a.id, { role: "end_user", companyId: acme }, T0)).rejects.toMatchObject({ code: "conflict" });
      expect(await userRow(a.id)).toMatchObject({ role: "staff", active: true });
    } finally {
      await db().update(users).set({ active: true }).where(inArray(users.id, others.map((u) => u.id)));
    }
  });
});

describe("deactivating and reactivating", () => {
  it("shuts a person out on their next request and lets them back in, auditing both", async () => {
    const person = await addUser("company_admin", globex);
    expect(await loadViewer(person.id)).not.toBeNull();

    expect(await setUserActive(staff(), person.id, false, T0)).toEqual({ changed: true });
    expect(await userRow(person.id)).toMatchObject({ active: false, deactivatedAt: T0 });
    expect(await loadViewer(person.id)).toBeNull();
    expect(await setUserActive(staff(), person.id, false, T0)).toEqual({ changed: false });
    expect(await auditOf(person.email, "user.deactivate")).toMatchObject([{ companyId: globex, before: { active: true }, after: { active: false } }]);

    const later = new Date(T0.getTime() + 60_000);
    expect(await setUserActive(staff(), person.id, true, later)).toEqual({ changed: true });
    expect(await userRow(person.id)).toMatchObject({ active: true, deactivatedAt: null });
    expect((await loadViewer(person.id))?.companyId).toBe(globex);
    expect(await auditOf(person.email, "user.reactivate")).toHaveLength(1);
  });
});

describe("the users list", () => {
  it("filters by e-mail fragment (wildcards literal), role and company, and never shows another company's people to a company scope", async () => {
    const match = await addUser("end_user", globex);
    const all = await listUsers({ kind: "platform" }, { q: match.email.slice(0, 9).toUpperCase(), role: "end_user", companyId: globex });
    expect(all.rows.map((r) => r.email)).toEqual([match.email]);
    expect(all.rows[0]).toMatchObject({ companyName: "Globex", invited: false, active: true });
    expect((await listUsers({ kind: "platform" }, { q: "%" })).rows).toHaveLength(0);
    const acmeOnly = await listUsers({ kind: "company", companyId: acme }, { companyId: globex });
    expect(acmeOnly.rows).toHaveLength(0);
  });
});
