import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, operators, sims, userInvites, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { resetEnvForTests } from "@/lib/env";
import { assignEndUserChange, assignSimEndUser, removeSimEndUser } from "./end-user";
import { changeSims } from "./sim-change";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
let acme = "";
let globex = "";
let operatorId = "";
const ids = { staff: "", acmeAdmin: "", globexAdmin: "", acmeUser: "", globexUser: "", gone: "" };
const viewer = (role: Viewer["role"], userId: string, companyId: string | null): Viewer => ({ userId, email: "x@example.com", name: null, role, companyId, companyName: null });
const staff = () => viewer("staff", ids.staff, null);
const acmeAdmin = () => viewer("company_admin", ids.acmeAdmin, acme);
const globexAdmin = () => viewer("company_admin", ids.globexAdmin, globex);
const platform: Scope = { kind: "platform" };
const scopeOf = (companyId: string): Scope => ({ kind: "company", companyId });

let nextIccid = 8934070000000000500n;
async function addSim(companyId: string | null) {
  const [row] = await db()
    .insert(sims)
    .values({ iccid: String(nextIccid++), formFactor: "physical", operatorId, status: "active", companyId })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}

const simRow = async (id: number) => (await db().select().from(sims).where(eq(sims.id, id)))[0];
const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];
const invitesOf = (userId: string) => db().select().from(userInvites).where(eq(userInvites.userId, userId));
const simAudit = (iccid: string) => db().select().from(auditLog).where(and(eq(auditLog.targetId, iccid), eq(auditLog.action, "sim.end_user"))).orderBy(asc(auditLog.id));

// With no SMTP_URL a mail is written to the log (lib/mail.ts); the spy reads what was "sent".
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
  const rows = await db()
    .insert(users)
    .values([
      { email: "staff@example.com", role: "staff" },
      { email: "admin@acme.example", role: "company_admin", companyId: acme },
      { email: "admin@globex.example", role: "company_admin", companyId: globex },
      { email: "user@acme.example", role: "end_user", companyId: acme, passwordHash: "set" },
      { email: "user@globex.example", role: "end_user", companyId: globex, passwordHash: "set" },
      { email: "gone@acme.example", role: "end_user", companyId: acme, active: false },
    ])
    .returning();
  const [s, aa, ga, au, gu, gone] = rows.map((r) => r.id);
  if (!s || !aa || !ga || !au || !gu || !gone) throw new Error("users");
  Object.assign(ids, { staff: s, acmeAdmin: aa, globexAdmin: ga, acmeUser: au, globexUser: gu, gone });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLog() {
  logged = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logged.push(String(line)));
}

describe("assigning an end user by e-mail", () => {
  it("creates a new person in the SIM's company, invites them once and mails the link after the commit", async () => {
    captureLog();
    const sim = await addSim(acme);
    const result = await assignSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, "  New.Person@Example.COM ", T0);

    const person = await userByEmail("new.person@example.com");
    expect(person).toMatchObject({ role: "end_user", companyId: acme, passwordHash: null, active: true });
    expect((await simRow(sim.id))?.endUserId).toBe(person?.id);
    expect(result.outcome.outcome).toBe("changed");
    expect(result.invite).toMatchObject({ email: "new.person@example.com", delivery: "logged" });
    const token = result.invite?.url.replace("https://portal.example.com/invite/", "") ?? "";
    const [invite] = await invitesOf(person?.id ?? "");
    expect(invite?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(mailsTo("new.person@example.com")).toHaveLength(1);
    expect(mailsTo("new.person@example.com")[0]).toContain(result.invite?.url);
    const [audit] = await simAudit(sim.iccid);
    expect(audit).toMatchObject({ actorUserId: ids.acmeAdmin, companyId: acme, before: { email: null }, after: { email: "new.person@example.com" } });

    // The same person on another SIM while the invitation is live: linked, not invited again.
    const second = await addSim(acme);
    expect((await assignSimEndUser(staff(), platform, second.iccid, "new.person@example.com", T0)).invite).toBeNull();
    expect(await invitesOf(person?.id ?? "")).toHaveLength(1);
    expect(mailsTo("new.person@example.com")).toHaveLength(1);

    // Again on the same SIM: nothing to do.
    expect(await assignSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, "new.person@example.com", T0)).toEqual({ outcome: { outcome: "unchanged", message: null }, invite: null });
    expect(await simAudit(sim.iccid)).toHaveLength(1);
  });

  it("sends a new invitation when the person's last one expired unused, e.g. by entering the same e-mail again", async () => {
    captureLog();
    const sim = await addSim(acme);
    const first = await assignSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, "slow@example.com", T0);
    const later = new Date(T0.getTime() + 8 * 24 * 60 * 60 * 1000);
    const again = await assignSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, "slow@example.com", later);
    expect(again.outcome.outcome).toBe("unchanged");
    expect(again.invite?.url).toMatch(/^https:\/\/portal\.example\.com\/invite\//);
    expect(again.invite?.url).not.toBe(first.invite?.url);
    expect(mailsTo("slow@example.com")).toHaveLength(2);
  });

  it("links an existing end user of the same company without inviting them, recording who it was before", async () => {
    captureLog();
    const sim = await addSim(acme);
    await db().update(sims).set({ endUserId: ids.gone }).where(eq(sims.id, sim.id));
    const result = await assignSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, "user@acme.example", T0);
    expect(result).toEqual({ outcome: { outcome: "changed", message: null }, invite: null });
    expect((await simRow(sim.id))?.endUserId).toBe(ids.acmeUser);
    expect(await invitesOf(ids.acmeUser)).toHaveLength(0);
    expect(mailsTo("user@acme.example")).toHaveLength(0);
    expect((await simAudit(sim.iccid))[0]).toMatchObject({ before: { email: "gone@acme.example" }, after: { email: "user@acme.example" } });
  });

  it("refuses another company's end user, staff and admin accounts, a deactivated one and a bad address, changing nothing", async () => {
    const sim = await addSim(acme);
    const as = (email: string, who = acmeAdmin(), scope = scopeOf(acme)) => assignSimEndUser(who, scope, sim.iccid, email, T0);
    // To a company admin, any account outside the company reads the same: nothing to learn from it.
    const outside = (email: string) => ({ code: "invalid_input", userMessage: `${email} cannot be linked to your company's SIMs.` });
    await expect(as("user@globex.example")).rejects.toMatchObject(outside("user@globex.example"));
    await expect(as("admin@globex.example")).rejects.toMatchObject(outside("admin@globex.example"));
    await expect(as("user@globex.example", staff(), platform)).rejects.toMatchObject({ code: "conflict", userMessage: "user@globex.example is an end user of another company." });
    await expect(as("admin@globex.example", staff(), platform)).rejects.toThrow(/staff or company admin account/);
    await expect(as("staff@example.com", staff(), platform)).rejects.toThrow(/staff or company admin account/);
    await expect(as("gone@acme.example")).rejects.toThrow(/is deactivated/);
    await expect(as("not an e-mail")).rejects.toMatchObject({ code: "invalid_input", userMessage: expect.stringMatching(/valid e-mail address/) });
    const viewerAsEndUser = viewer("end_user", ids.acmeUser, acme);
    await expect(assignSimEndUser(viewerAsEndUser, { kind: "end_user", userId: ids.acmeUser }, sim.iccid, "x@example.com", T0)).rejects.toMatchObject({ code: "forbidden" });
    expect((await simRow(sim.id))?.endUserId).toBeNull();
    expect(await simAudit(sim.iccid)).toHaveLength(0);
  });

  it("answers another company's admin as if the SIM did not exist, and creates no account", async () => {
    const sim = await addSim(acme);
    await db().update(sims).set({ endUserId: ids.acmeUser }).where(eq(sims.id, sim.id));
    await expect(assignSimEndUser(globexAdmin(), scopeOf(globex), sim.iccid, "intruder@example.com", T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(removeSimEndUser(globexAdmin(), scopeOf(globex), sim.iccid, T0)).rejects.toMatchObject({ code: "not_found" });
    expect(await userByEmail("intruder@example.com")).toBeUndefined();
    expect((await simRow(sim.id))?.endUserId).toBe(ids.acmeUser);
  });

  it("refuses a SIM that has no company yet, without creating the account", async () => {
    const sim = await addSim(null);
    await expect(assignSimEndUser(staff(), platform, sim.iccid, "orphan@example.com", T0)).rejects.toMatchObject({ code: "conflict", userMessage: "Assign the SIM to a company first." });
    expect(await userByEmail("orphan@example.com")).toBeUndefined();
  });

  it("in a staff batch across companies, makes the new person a member of the first SIM's company only", async () => {
    captureLog();
    const [first, other, none] = [await addSim(globex), await addSim(acme), await addSim(null)];
    const run = () =>
      db().transaction((tx) => changeSims({ tx, viewer: staff(), scope: platform, at: T0 }, assignEndUserChange, { ids: [first.id, other.id, none.id] }, { email: "mixed@example.com" }));
    const { prepared, changes } = await run();
    await assignEndUserChange.afterCommit?.(prepared);
    expect(changes.map((c) => c.result)).toEqual([
      { outcome: "changed", message: null },
      { outcome: "refused", message: "mixed@example.com is an end user of another company." },
      { outcome: "refused", message: "Assign the SIM to a company first." },
    ]);
    expect(await userByEmail("mixed@example.com")).toMatchObject({ companyId: globex });
    expect(mailsTo("mixed@example.com")).toHaveLength(1);
    // Run twice (a retried batch): the same answer, no second invitation.
    const again = await run();
    expect(again.changes.map((c) => c.result.outcome)).toEqual(["unchanged", "refused", "refused"]);
    expect(again.prepared.invite).toBeNull();
  });

  it("keeps no account, invitation or e-mail when the transaction does not commit", async () => {
    captureLog();
    const sim = await addSim(acme);
    let invited = false;
    await expect(
      db().transaction(async (tx) => {
        const { prepared } = await changeSims({ tx, viewer: staff(), scope: platform, at: T0 }, assignEndUserChange, { ids: [sim.id] }, { email: "rolled.back@example.com" });
        invited = prepared.invite !== null;
        throw new Error("a later statement of the batch failed");
      }),
    ).rejects.toThrow("a later statement");
    expect(invited).toBe(true);
    expect(await userByEmail("rolled.back@example.com")).toBeUndefined();
    expect((await simRow(sim.id))?.endUserId).toBeNull();
    expect(mailsTo("rolled.back@example.com")).toHaveLength(0);
  });
});

describe("removing the end user", () => {
  it("unlinks them with an audit entry, and removing again changes nothing", async () => {
    const sim = await addSim(acme);
    await db().update(sims).set({ endUserId: ids.acmeUser }).where(eq(sims.id, sim.id));
    expect(await removeSimEndUser(acmeAdmin(), scopeOf(acme), sim.iccid, T0)).toEqual({ outcome: "changed", message: null });
    expect((await simRow(sim.id))?.endUserId).toBeNull();
    expect(await simAudit(sim.iccid)).toMatchObject([{ actorUserId: ids.acmeAdmin, companyId: acme, before: { email: "user@acme.example" }, after: { email: null } }]);
    expect(await removeSimEndUser(staff(), platform, sim.iccid, T0)).toEqual({ outcome: "unchanged", message: null });
    expect(await simAudit(sim.iccid)).toHaveLength(1);
    // The person keeps their account and their other SIMs.
    expect(await userByEmail("user@acme.example")).toMatchObject({ active: true });
  });
});
