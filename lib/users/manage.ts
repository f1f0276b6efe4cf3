import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { auditLog, companies, sims, userRole, users } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Role, Viewer } from "@/lib/auth/load-viewer";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type MailMessage, sendMail } from "@/lib/mail";
import { EMAIL_MAX_LENGTH, type InviteDelivery } from "@/lib/sims/end-user";
import type { Tx } from "@/lib/sims/sim-change";
import { createInvite, type Invite } from "./invites";

// People management by platform staff: inviting company admins, changing a person's role and
// company, deactivating and reactivating. Each change is one transaction with the person's row
// locked and an audit entry that belongs to their company. Sessions need no revoking: the viewer
// is reloaded on every request (lib/auth/load-viewer.ts), so a change applies to the next one.

export const ROLES = userRole.enumValues;

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

const inviteAdminSchema = z.object({
  email: z
    .string({ error: "Enter the new admin's e-mail address." })
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid e-mail address, such as ana@example.com.").max(EMAIL_MAX_LENGTH, "This e-mail address is too long.")),
  companyId: z.uuid({ error: "Choose the company this admin will manage." }),
});

const changeRoleSchema = z.object({
  role: z.enum(ROLES, { error: "Choose a role: platform staff, company admin or end user." }),
  companyId: z.preprocess(blankToNull, z.uuid({ error: "Choose a company from the list." }).nullable().default(null)),
});

const userIdSchema = z.uuid();

type Person = { id: string; email: string; role: Role; companyId: string | null; active: boolean; deactivatedAt: Date | null; hasPassword: boolean };

function requireManager(viewer: Viewer, what: string): void {
  if (!can(viewer, "users:manage")) throw new AppError("forbidden", `You may not ${what}.`);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Check the form and try again.");
  return parsed.data;
}

function userIdOrThrow(userId: string): string {
  if (!userIdSchema.safeParse(userId).success) throw new AppError("not_found", "This user does not exist.");
  return userId;
}

async function companyOrThrow(tx: Tx, id: string): Promise<{ id: string; name: string }> {
  const [company] = await tx.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, id));
  if (!company) throw new AppError("invalid_input", "This company does not exist; choose one from the list.");
  return company;
}

async function companyName(tx: Tx, id: string | null): Promise<string | null> {
  return id === null ? null : ((await tx.select({ name: companies.name }).from(companies).where(eq(companies.id, id)))[0]?.name ?? null);
}

// Every change that can take away a staff account (a demotion, a deactivation) takes this lock
// first, so two staff members removing each other at the same moment cannot both succeed.
async function lockStaffChanges(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('users.staff'))`);
}

async function lockUserOrThrow(tx: Tx, id: string): Promise<Person> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!row) throw new AppError("not_found", "This user does not exist.");
  return { id: row.id, email: row.email, role: row.role, companyId: row.companyId, active: row.active, deactivatedAt: row.deactivatedAt, hasPassword: row.passwordHash !== null };
}

// Nobody could manage the platform (or sign in as staff) again without database access.
async function assertNotLastStaff(tx: Tx, person: Person, what: string): Promise<void> {
  if (person.role !== "staff" || !person.active) return;
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "staff"), eq(users.active, true), ne(users.id, person.id)))
    .limit(1);
  if (!other) throw new AppError("conflict", `${person.email} is the last active staff account and cannot be ${what}; make someone else staff first.`);
}

function describe(person: Person, company: string | null): string {
  const role = person.role === "staff" ? "platform staff" : `${person.role === "company_admin" ? "company admin" : "end user"} at ${company ?? "a company"}`;
  return person.active ? role : `${role}, deactivated`;
}

export type AdminInviteResult = { email: string; inviteUrl: string; expiresAt: Date; delivery: InviteDelivery; reinvited: boolean };

// A new company admin, without a password until they accept the invitation. Entering the e-mail
// of an admin of the same company who never accepted theirs sends a fresh invitation (the old
// one may have expired); any other account with that e-mail is refused.
export async function inviteCompanyAdmin(viewer: Viewer, input: unknown, at: Date): Promise<AdminInviteResult> {
  requireManager(viewer, "invite company admins");
  const data = parse(inviteAdminSchema, input);
  const { invite, reinvited } = await getDb().transaction(async (tx) => {
    const company = await companyOrThrow(tx, data.companyId);
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, role: "company_admin", companyId: company.id, createdAt: at })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!created) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
      const person = existing ? await lockUserOrThrow(tx, existing.id) : null;
      if (!person) throw new AppError("conflict", `${data.email} is already in use; try again.`);
      if (person.role === "company_admin" && person.companyId === company.id && person.active && !person.hasPassword) {
        return { invite: await createInvite(tx, person.id, viewer, at), reinvited: true };
      }
      throw new AppError("conflict", `${data.email} already has an account (${describe(person, await companyName(tx, person.companyId))}). Change that account's role in the list of users instead.`);
    }
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "user.create",
        targetType: "user",
        targetId: data.email,
        companyId: company.id,
        after: { email: data.email, role: "company_admin", companyId: company.id, companyName: company.name },
      }),
    );
    return { invite: await createInvite(tx, created.id, viewer, at), reinvited: false };
  });
  return { email: invite.email, inviteUrl: invite.url, expiresAt: invite.expiresAt, delivery: await deliverAdminInvitation(invite), reinvited };
}

export function adminInvitationMail(invite: Pick<Invite, "url" | "email" | "companyName" | "expiresAt">): MailMessage {
  return {
    to: invite.email,
    subject: "Your SIM Portal invitation",
    text: [
      "Hello,",
      "",
      `You have been made an administrator of ${invite.companyName ?? "your company"} in SIM Portal, where you manage the company's SIMs, end users and invoices.`,
      "",
      "Choose a password to sign in:",
      invite.url,
      "",
      `The link works once and expires on ${invite.expiresAt.toUTCString()}.`,
      "If you did not expect this e-mail, you can ignore it.",
    ].join("\n"),
  };
}

// After the commit only; a failed send leaves the account and the link, which staff see once.
async function deliverAdminInvitation(invite: Invite): Promise<InviteDelivery> {
  try {
    return await sendMail(adminInvitationMail(invite));
  } catch (error) {
    logger.error("sending an admin invitation failed", { to: invite.email, error });
    return "failed";
  }
}

// An end user's SIMs are their company's: once they are no longer that company's end user, the
// links go (each SIM audited like a removal from its page), in the same transaction.
async function unlinkSims(tx: Tx, viewer: Viewer, at: Date, person: Person): Promise<string[]> {
  const unlinked = await tx
    .update(sims)
    .set({ endUserId: null, updatedAt: at })
    .where(eq(sims.endUserId, person.id))
    .returning({ iccid: sims.iccid, companyId: sims.companyId });
  if (unlinked.length === 0) return [];
  await tx.insert(auditLog).values(
    unlinked.map((sim) =>
      userAuditEntry(viewer, at, {
        action: "sim.end_user",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { email: person.email },
        after: { email: null, because: "user.role" },
      }),
    ),
  );
  return unlinked.map((sim) => sim.iccid).sort();
}

export type RoleChangeResult = { changed: boolean; removedFromSims: string[] };

// Staff have no company; company admins and end users belong to exactly one.
export async function changeUserRole(viewer: Viewer, userId: string, input: unknown, at: Date): Promise<RoleChangeResult> {
  requireManager(viewer, "change people's roles");
  const id = userIdOrThrow(userId);
  const data = parse(changeRoleSchema, input);
  const companyId = data.role === "staff" ? null : data.companyId;
  if (data.role === "company_admin" && companyId === null) throw new AppError("invalid_input", "A company admin needs a company: choose the one they will manage.");
  if (data.role === "end_user" && companyId === null) throw new AppError("invalid_input", "An end user belongs to a company: choose one.");
  if (id === viewer.userId) throw new AppError("conflict", "You cannot change your own role; ask another staff member.");
  return getDb().transaction(async (tx) => {
    await lockStaffChanges(tx);
    const person = await lockUserOrThrow(tx, id);
    const company = companyId === null ? null : await companyOrThrow(tx, companyId);
    if (person.role === data.role && person.companyId === companyId) return { changed: false, removedFromSims: [] };
    if (data.role !== "staff") await assertNotLastStaff(tx, person, "demoted");
    const removedFromSims = data.role !== "end_user" || companyId !== person.companyId ? await unlinkSims(tx, viewer, at, person) : [];
    await tx.update(users).set({ role: data.role, companyId }).where(eq(users.id, person.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "user.role",
        targetType: "user",
        targetId: person.email,
        companyId: companyId ?? person.companyId,
        before: { role: person.role, companyId: person.companyId, companyName: await companyName(tx, person.companyId) },
        after: { role: data.role, companyId, companyName: company?.name ?? null, ...(removedFromSims.length > 0 ? { removedFromSims } : {}) },
      }),
    );
    return { changed: true, removedFromSims };
  });
}

// Deactivated people cannot sign in, accept an invitation or be linked to SIMs; their records
// and SIM links stay, so a reactivation gives everything back.
export async function setUserActive(viewer: Viewer, userId: string, active: boolean, at: Date): Promise<{ changed: boolean }> {
  requireManager(viewer, active ? "reactivate people" : "deactivate people");
  const id = userIdOrThrow(userId);
  if (!active && id === viewer.userId) throw new AppError("conflict", "You cannot deactivate your own account; ask another staff member.");
  return getDb().transaction(async (tx) => {
    await lockStaffChanges(tx);
    const person = await lockUserOrThrow(tx, id);
    if (person.active === active) return { changed: false };
    if (!active) await assertNotLastStaff(tx, person, "deactivated");
    const deactivatedAt = active ? null : at;
    await tx.update(users).set({ active, deactivatedAt }).where(eq(users.id, person.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: active ? "user.reactivate" : "user.deactivate",
        targetType: "user",
        targetId: person.email,
        companyId: person.companyId,
        before: { active: person.active, deactivatedAt: person.deactivatedAt?.toISOString() ?? null },
        after: { active, deactivatedAt: deactivatedAt?.toISOString() ?? null },
      }),
    );
    return { changed: true };
  });
}
