import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { type Db, getDb } from "@/db";
import { auditLog, companies, userInvites, users } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import type { Viewer } from "@/lib/auth/viewer";
import { env, isProduction } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { MailMessage } from "@/lib/mail";

// Invitations: a person created without a password (an end user added by e-mail) gets a link
// that lets them choose one, once. The link carries a random token; only its SHA-256 is stored,
// so a copy of the database cannot be used to take over an invited account.

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const INVITE_VALID_DAYS = 7;
// 32 random bytes in base64url; anything else in a link is answered without a database query.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// Length is what makes a password strong (NIST SP 800-63B); no composition rules. The upper bound
// keeps a hashing request cheap and stays within what sign-in accepts.
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password can be at most ${PASSWORD_MAX_LENGTH} characters.`);

export type Invite = { token: string; url: string; email: string; companyName: string | null; expiresAt: Date };

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// The public address of the portal; the link must work from the invitee's mailbox, so in
// production a missing AUTH_URL refuses the invitation rather than mailing a localhost link.
export function inviteUrl(token: string): string {
  const base = env().AUTH_URL;
  if (!base && isProduction()) throw new AppError("unavailable", "Invitations need AUTH_URL, the portal's public address; ask the platform's operator to set it.");
  return new URL(`/invite/${token}`, base ?? "http://localhost:3000").toString();
}

// Whether the user has an invitation that can still be accepted, so that assigning the same
// person to more SIMs does not send them a new link each time.
export async function hasLiveInvite(tx: Tx, userId: string, at: Date): Promise<boolean> {
  const [row] = await tx
    .select({ id: userInvites.id })
    .from(userInvites)
    .where(and(eq(userInvites.userId, userId), isNull(userInvites.acceptedAt), gt(userInvites.expiresAt, at)))
    .limit(1);
  return row !== undefined;
}

// Within the caller's transaction: the invitation exists only if what caused it commits.
export async function createInvite(tx: Tx, userId: string, invitedBy: Pick<Viewer, "userId" | "requestId">, at: Date): Promise<Invite> {
  const [user] = await tx
    .select({ email: users.email, companyId: users.companyId, companyName: companies.name })
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, userId));
  if (!user) throw new AppError("not_found", "This user does not exist.");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + INVITE_VALID_DAYS * DAY_MS);
  const [invite] = await tx
    .insert(userInvites)
    .values({ userId, tokenHash: hashToken(token), invitedBy: invitedBy.userId, createdAt: at, expiresAt })
    .returning({ id: userInvites.id });
  await tx.insert(auditLog).values(
    userAuditEntry(invitedBy, at, {
      action: "user.invite",
      targetType: "user",
      targetId: user.email,
      companyId: user.companyId,
      after: { email: user.email, inviteId: invite?.id, expiresAt: expiresAt.toISOString() },
    }),
  );
  return { token, url: inviteUrl(token), email: user.email, companyName: user.companyName, expiresAt };
}

export function invitationMail(invite: Pick<Invite, "url" | "email" | "companyName" | "expiresAt">): MailMessage {
  const opening = invite.companyName ? `${invite.companyName} has given you access` : "You have been given access";
  return {
    to: invite.email,
    subject: "Your SIM Portal invitation",
    text: [
      "Hello,",
      "",
      `${opening} to your SIMs in SIM Portal, where you can see their data, days left and usage.`,
      "",
      "Choose a password to sign in:",
      invite.url,
      "",
      `The link works once and expires on ${invite.expiresAt.toUTCString()}.`,
      "If you did not expect this e-mail, you can ignore it.",
    ].join("\n"),
  };
}

export type InviteState = { state: "valid"; email: string } | { state: "accepted" | "expired" | "unknown" };

const UNKNOWN = "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation.";
const USED = "This invitation has already been used. Sign in with the password you chose.";
const EXPIRED = "This invitation has expired. Ask the person who invited you to send a new one.";

// What the invitation page shows before the form: nothing about the account unless the token is
// live, so an old or guessed link reveals no e-mail address.
export async function findInvite(token: string, at: Date): Promise<InviteState> {
  if (!TOKEN_SHAPE.test(token)) return { state: "unknown" };
  const [row] = await getDb()
    .select({ email: users.email, active: users.active, expiresAt: userInvites.expiresAt, acceptedAt: userInvites.acceptedAt })
    .from(userInvites)
    .innerJoin(users, eq(users.id, userInvites.userId))
    .where(eq(userInvites.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || !row.active) return { state: "unknown" };
  if (row.acceptedAt) return { state: "accepted" };
  if (row.expiresAt <= at) return { state: "expired" };
  return { state: "valid", email: row.email };
}

// Sets the password once: the invitation row is locked, so two submissions of the same link
// cannot both succeed. Any refusal leaves the account and the invitation as they were.
export async function acceptInvite(token: string, password: string, at: Date): Promise<{ email: string }> {
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "This password cannot be used.");
  if (!TOKEN_SHAPE.test(token)) throw new AppError("not_found", UNKNOWN);
  return getDb().transaction(async (tx) => {
    const [invite] = await tx
      .select({ id: userInvites.id, userId: userInvites.userId, expiresAt: userInvites.expiresAt, acceptedAt: userInvites.acceptedAt })
      .from(userInvites)
      .where(eq(userInvites.tokenHash, hashToken(token)))
      .for("update");
    const [user] = invite
      ? await tx
          .select({ id: users.id, email: users.email, companyId: users.companyId, active: users.active, passwordHash: users.passwordHash })
          .from(users)
          .where(eq(users.id, invite.userId))
          .for("update")
      : [];
    if (!invite || !user || !user.active) throw new AppError("not_found", UNKNOWN);
    // Used, or another of this person's links was: an invitation sets a first password only,
    // it never resets one.
    if (invite.acceptedAt || user.passwordHash !== null) throw new AppError("conflict", USED);
    if (invite.expiresAt <= at) throw new AppError("conflict", EXPIRED);
    await tx.update(users).set({ passwordHash: await hashPassword(parsed.data) }).where(eq(users.id, user.id));
    // Every open link of this person ends with this one.
    await tx.update(userInvites).set({ acceptedAt: at }).where(and(eq(userInvites.userId, user.id), isNull(userInvites.acceptedAt)));
    await tx.insert(auditLog).values(
      // The invitee acts for themselves; there is no session yet, hence no request id.
      userAuditEntry({ userId: user.id, requestId: null }, at, {
        action: "user.invite_accepted",
        targetType: "user",
        targetId: user.email,
        companyId: user.companyId,
        after: { inviteId: invite.id },
      }),
    );
    return { email: user.email };
  });
}
