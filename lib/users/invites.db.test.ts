import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, userInvites, users } from "@/db/schema";
import { authenticate } from "@/lib/auth/authenticate";
import { verifyPassword } from "@/lib/auth/password";
import { resetEnvForTests } from "@/lib/env";
import { acceptInvite, createInvite, findInvite, invitationMail } from "./invites";

const T0 = new Date("2026-03-10T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const db = () => getDb();
const PASSWORD = "correct horse battery";
let acme = "";
let adminId = "";

async function invitee(email: string) {
  const [row] = await db().insert(users).values({ email, role: "end_user", companyId: acme }).returning();
  if (!row) throw new Error("user");
  return row;
}

const invite = (userId: string, at = T0) => db().transaction((tx) => createInvite(tx, userId, { userId: adminId, requestId: "req-1" }, at));
const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];
const invitesOf = (userId: string) => db().select().from(userInvites).where(eq(userInvites.userId, userId));

beforeAll(async () => {
  process.env.AUTH_URL = "https://portal.example.com";
  resetEnvForTests();
  const [a] = await db().insert(companies).values({ name: "Acme" }).returning();
  if (!a) throw new Error("company");
  acme = a.id;
  const [admin] = await db().insert(users).values({ email: "admin@acme.example", role: "company_admin", companyId: acme }).returning();
  adminId = admin?.id ?? "";
});

afterAll(() => {
  delete process.env.AUTH_URL;
  resetEnvForTests();
});

describe("creating an invitation", () => {
  it("refuses to make a link in production without the portal's public address", async () => {
    const user = await invitee("no-address@example.com");
    const saved = { nodeEnv: process.env.NODE_ENV, authUrl: process.env.AUTH_URL };
    Object.assign(process.env, { NODE_ENV: "production" });
    delete process.env.AUTH_URL;
    resetEnvForTests();
    try {
      await expect(invite(user.id)).rejects.toMatchObject({ code: "unavailable", userMessage: expect.stringMatching(/AUTH_URL/) });
    } finally {
      Object.assign(process.env, { NODE_ENV: saved.nodeEnv, AUTH_URL: saved.authUrl });
      resetEnvForTests();
    }
    expect(await invitesOf(user.id)).toEqual([]);
  });


  it("makes a one-week link on the portal's address and stores only the token's hash, audited", async () => {
    const user = await invitee("ana@example.com");
    const created = await invite(user.id);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`https://portal.example.com/invite/${created.token}`);
    const [row] = await invitesOf(user.id);
    expect(row?.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row).toMatchObject({ invitedBy: adminId, acceptedAt: null, expiresAt: new Date(T0.getTime() + 7 * DAY) });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "user.invite"), eq(auditLog.targetId, "ana@example.com")));
    expect(audit).toMatchObject({ actorUserId: adminId, companyId: acme, targetType: "user", requestId: "req-1" });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("writes an e-mail with the link, who invited them and when it expires", async () => {
    const mail = invitationMail({ url: "https://portal.example.com/invite/x", email: "ana@example.com", companyName: "Acme", expiresAt: T0 });
    expect(mail.to).toBe("ana@example.com");
    expect(mail.text).toContain("Acme has given you access");
    expect(mail.text).toContain("https://portal.example.com/invite/x");
    expect(mail.text).toContain(T0.toUTCString());
  });
});

describe("accepting an invitation", () => {
  it("sets the password once, so the person can sign in, and a second use is refused", async () => {
    const user = await invitee("ben@example.com");
    const { token } = await invite(user.id);
    expect(await findInvite(token, T0)).toEqual({ state: "valid", email: "ben@example.com" });

    expect(await acceptInvite(token, PASSWORD, new Date(T0.getTime() + DAY))).toEqual({ email: "ben@example.com" });
    const after = await userRow(user.id);
    expect(await verifyPassword(after?.passwordHash ?? "", PASSWORD)).toBe(true);
    expect((await invitesOf(user.id))[0]?.acceptedAt).toEqual(new Date(T0.getTime() + DAY));
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "user.invite_accepted"), eq(auditLog.targetId, "ben@example.com")));
    expect(audit).toMatchObject({ actorUserId: user.id, companyId: acme });
    expect(await authenticate({ email: "ben@example.com", password: PASSWORD }, null)).toEqual({ ok: true, userId: user.id });

    await expect(acceptInvite(token, "another long password", new Date(T0.getTime() + DAY))).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringMatching(/already been used/),
    });
    expect((await userRow(user.id))?.passwordHash).toBe(after?.passwordHash);
    expect(await findInvite(token, T0)).toEqual({ state: "accepted" });
  });

  it("never resets a password: a second link made before the first was used is dead once it is", async () => {
    const user = await invitee("cleo.first@example.com");
    const first = await invite(user.id);
    const second = await invite(user.id);
    await acceptInvite(first.token, PASSWORD, T0);
    const hash = (await userRow(user.id))?.passwordHash;
    await expect(acceptInvite(second.token, "a password of my choosing", T0)).rejects.toMatchObject({ code: "conflict" });
    expect((await userRow(user.id))?.passwordHash).toBe(hash);
    expect((await invitesOf(user.id)).every((i) => i.acceptedAt !== null)).toBe(true);
  });

  it("refuses an expired link, an unknown one and a short password, and changes nothing", async () => {
    const user = await invitee("cleo@example.com");
    const { token } = await invite(user.id);
    const late = new Date(T0.getTime() + 7 * DAY);
    await expect(acceptInvite(token, PASSWORD, late)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/has expired/) });
    expect(await findInvite(token, late)).toEqual({ state: "expired" });
    await expect(acceptInvite("A".repeat(43), PASSWORD, T0)).rejects.toMatchObject({ code: "not_found", userMessage: expect.stringMatching(/not valid/) });
    await expect(acceptInvite("not a token", PASSWORD, T0)).rejects.toMatchObject({ code: "not_found" });
    expect(await findInvite("A".repeat(43), T0)).toEqual({ state: "unknown" });
    await expect(acceptInvite(token, "short", T0)).rejects.toMatchObject({ code: "invalid_input", userMessage: expect.stringMatching(/at least 12 characters/) });

    expect((await userRow(user.id))?.passwordHash).toBeNull();
    expect((await invitesOf(user.id))[0]?.acceptedAt).toBeNull();
    // Still good within its week.
    await acceptInvite(token, PASSWORD, T0);
    expect((await userRow(user.id))?.passwordHash).not.toBeNull();
  });

  it("does not let a deactivated person in through an old link", async () => {
    const user = await invitee("dan@example.com");
    const { token } = await invite(user.id);
    await db().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect(await findInvite(token, T0)).toEqual({ state: "unknown" });
    await expect(acceptInvite(token, PASSWORD, T0)).rejects.toMatchObject({ code: "not_found" });
    expect((await userRow(user.id))?.passwordHash).toBeNull();
  });
});
