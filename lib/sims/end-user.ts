import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { auditLog, sims, users } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail";
import { createInvite, hasLiveInvite, type Invite, invitationMail } from "@/lib/users/invites";
import { CHANGED, changeOneSim, changeSims, refused, UNCHANGED, type ChangeContext, type LockedSim, type SimChange, type SimOutcome, type Tx } from "./sim-change";

// A SIM's end user: the person (by e-mail) who sees, uses and refills it. Staff and company admins
// link one by e-mail; an e-mail nobody has yet becomes a new end user, who is invited to choose a
// password.
//
// Where the new account is created: always in apply, in the company of the first SIM of the
// batch that has one. A company admin's SIMs are all in their company, so that is their company;
// a staff batch may span companies, and then the person joins the first one and the other
// companies' SIMs are refused like any other company's end user. One code path for both, and the
// account is only created when a SIM actually gets it.

export const EMAIL_MAX_LENGTH = 254;

export const endUserEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid e-mail address, such as ana@example.com.").max(EMAIL_MAX_LENGTH, "This e-mail address is too long."));

type Person = { id: string; email: string; role: Viewer["role"]; companyId: string | null; active: boolean; hasPassword: boolean };

export type AssignEndUserPrepared = {
  email: string;
  // Null when no account has this e-mail yet; apply creates it.
  user: Person | null;
  // Set by apply when it invited the person, so that afterCommit (or the SIM page) can send it.
  invite: Invite | null;
};

async function findPerson(tx: Tx, email: string): Promise<Person | null> {
  const [row] = await tx
    .select({ id: users.id, email: users.email, role: users.role, companyId: users.companyId, active: users.active, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  return row ? { id: row.id, email: row.email, role: row.role, companyId: row.companyId, active: row.active, hasPassword: row.passwordHash !== null } : null;
}

// Why this person can be no SIM's end user, whatever the SIM; null when they can.
function unsuitable(person: Person): string | null {
  if (person.role !== "end_user") return `${person.email} is a staff or company admin account and cannot be a SIM's end user.`;
  if (!person.active) return `${person.email} is deactivated and cannot be linked to a SIM.`;
  return null;
}

async function prepareAssign(ctx: ChangeContext, input: { email: string }): Promise<AssignEndUserPrepared> {
  const parsed = endUserEmailSchema.safeParse(input.email);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Enter a valid e-mail address.");
  const email = parsed.data;
  const user = await findPerson(ctx.tx, email);
  // A company admin only reaches their own company's SIMs, so anyone outside the company is wrong
  // for all of them: refused up front, in words that say nothing about that account.
  if (user && ctx.scope.kind === "company" && user.companyId !== ctx.scope.companyId) {
    throw new AppError("invalid_input", `${email} cannot be linked to your company's SIMs.`);
  }
  const reason = user ? unsuitable(user) : null;
  if (reason) throw new AppError("invalid_input", reason);
  return { email, user, invite: null };
}

// A new end user without a password. Two requests for the same new e-mail may race: the unique
// index lets one insert win and the other reads the winner's row.
async function createEndUser(ctx: ChangeContext, email: string, companyId: string): Promise<Person | null> {
  const [created] = await ctx.tx.insert(users).values({ email, role: "end_user", companyId, createdAt: ctx.at }).onConflictDoNothing().returning({ id: users.id });
  if (!created) return findPerson(ctx.tx, email);
  await ctx.tx.insert(auditLog).values(
    userAuditEntry(ctx.viewer, ctx.at, {
      action: "user.create",
      targetType: "user",
      targetId: email,
      companyId,
      after: { email, role: "end_user", companyId },
    }),
  );
  return { id: created.id, email, role: "end_user", companyId, active: true, hasPassword: false };
}

async function emailsOf(tx: Tx, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.email]));
}

// Points the SIMs at `endUserId` (or at nobody) with one audit entry each: before and after e-mail.
async function linkSims(ctx: ChangeContext, targets: LockedSim[], endUserId: string | null, endUserEmail: string | null): Promise<void> {
  if (targets.length === 0) return;
  const previous = await emailsOf(ctx.tx, [...new Set(targets.flatMap((sim) => (sim.endUserId ? [sim.endUserId] : [])))]);
  await ctx.tx
    .update(sims)
    .set({ endUserId, updatedAt: ctx.at })
    .where(inArray(sims.id, targets.map((sim) => sim.id)));
  await ctx.tx.insert(auditLog).values(
    targets.map((sim) =>
      userAuditEntry(ctx.viewer, ctx.at, {
        action: "sim.end_user",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { email: sim.endUserId ? (previous.get(sim.endUserId) ?? null) : null },
        after: { email: endUserEmail },
      }),
    ),
  );
}

async function applyAssign(ctx: ChangeContext, locked: LockedSim[], prepared: AssignEndUserPrepared): Promise<SimOutcome[]> {
  const firstCompany = locked.find((sim) => sim.companyId !== null)?.companyId;
  const user = prepared.user ?? (firstCompany ? await createEndUser(ctx, prepared.email, firstCompany) : null);
  const reason = user ? unsuitable(user) : null;
  const outcomes = locked.map((sim): SimOutcome => {
    if (sim.companyId === null) return refused("Assign the SIM to a company first.");
    if (reason) return refused(reason);
    if (!user || user.companyId !== sim.companyId) return refused(`${prepared.email} is an end user of another company.`);
    return sim.endUserId === user.id ? UNCHANGED : CHANGED;
  });
  if (!user || reason) return outcomes;
  await linkSims(ctx, locked.filter((_sim, i) => outcomes[i]?.outcome === "changed"), user.id, user.email);
  // Someone who has never chosen a password needs a way in; one live invitation at a time.
  const linked = outcomes.some((o) => o.outcome !== "refused");
  if (linked && !user.hasPassword && !(await hasLiveInvite(ctx.tx, user.id, ctx.at))) {
    prepared.invite = await createInvite(ctx.tx, user.id, ctx.viewer, ctx.at);
  }
  return outcomes;
}

export type InviteDelivery = "sent" | "logged" | "failed";

// After the commit only: a failed send does not undo the assignment; the link is still shown to
// the admin, who can pass it on.
export async function deliverInvitation(invite: Invite): Promise<InviteDelivery> {
  try {
    return await sendMail(invitationMail(invite));
  } catch (error) {
    logger.error("sending an invitation failed", { to: invite.email, error });
    return "failed";
  }
}

export const assignEndUserChange: SimChange<{ email: string }, AssignEndUserPrepared> = {
  permission: "sims:assign-end-user",
  prepare: prepareAssign,
  apply: applyAssign,
  afterCommit: async (prepared) => {
    if (prepared.invite) await deliverInvitation(prepared.invite);
  },
};

export const removeEndUserChange: SimChange<null> = {
  permission: "sims:assign-end-user",
  prepare: async () => null,
  apply: async (ctx, locked) => {
    await linkSims(ctx, locked.filter((sim) => sim.endUserId !== null), null, null);
    return locked.map((sim) => (sim.endUserId === null ? UNCHANGED : CHANGED));
  },
};

export type AssignEndUserResult = { outcome: SimOutcome; invite: { url: string; email: string; expiresAt: Date; delivery: InviteDelivery } | null };

// One SIM from its page. Like changeOneSim, but it also hands back the invitation link, which the
// page shows once to the admin (the e-mail may be unconfigured or fail).
export async function assignSimEndUser(viewer: Viewer, scope: Scope, iccid: string, email: string, at: Date): Promise<AssignEndUserResult> {
  const { prepared, outcome } = await getDb().transaction(async (tx) => {
    const { prepared, changes } = await changeSims({ tx, viewer, scope, at }, assignEndUserChange, { iccids: [iccid] }, { email });
    const [found] = changes;
    if (!found) throw new AppError("not_found", "This SIM does not exist.");
    if (found.result.outcome === "refused") throw new AppError("conflict", found.result.message ?? "This change was refused.");
    return { prepared, outcome: found.result };
  });
  const invite = prepared.invite;
  return { outcome, invite: invite ? { url: invite.url, email: invite.email, expiresAt: invite.expiresAt, delivery: await deliverInvitation(invite) } : null };
}

export async function removeSimEndUser(viewer: Viewer, scope: Scope, iccid: string, at: Date): Promise<SimOutcome> {
  return changeOneSim(viewer, scope, iccid, removeEndUserChange, null, at);
}
