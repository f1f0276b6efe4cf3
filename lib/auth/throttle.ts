import { and, eq, gt, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { loginThrottle } from "@/db/schema";

export type ThrottleState = { failures: number; windowStartedAt: Date; lockedUntil: Date | null };
export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

const MINUTE = 60_000;
// Per e-mail: 5 failures in 15 minutes lock that e-mail for 15 minutes, whoever tries.
// Per client address: looser, since many people can share one address.
export const EMAIL_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const CLIENT_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

export function isLocked(state: ThrottleState | undefined, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil > now;
}

export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowOpen = state && now.getTime() - state.windowStartedAt.getTime() < policy.windowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen ? state.windowStartedAt : now;
  const lockedUntil =
    failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : windowOpen ? state.lockedUntil : null;
  return { failures, windowStartedAt, lockedUntil };
}

export type ThrottleKey = { key: string; policy: ThrottlePolicy };

// The client key only when the client's address is known: a shared "unknown" bucket would let
// anyone lock everybody out.
export function throttleKeys(email: string, clientAddress: string | null): ThrottleKey[] {
  const keys = [{ key: `email:${email.trim().toLowerCase()}`, policy: EMAIL_POLICY }];
  if (clientAddress) keys.push({ key: `client:${clientAddress}`, policy: CLIENT_POLICY });
  return keys;
}

export async function isThrottled(keys: ThrottleKey[], now: Date): Promise<boolean> {
  const rows = await getDb()
    .select({ key: loginThrottle.key })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys.map((k) => k.key)), gt(loginThrottle.lockedUntil, now)))
    .limit(1);
  return rows.length > 0;
}

// Counts one attempt against each key, unless one of them is locked: then nothing is counted and
// the answer is false. Row-locked, so parallel attempts from several instances all count and no
// more than the limit get through.
export async function countAttempt(keys: ThrottleKey[], now: Date): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const states = [];
    for (const { key, policy } of keys) {
      await tx.insert(loginThrottle).values({ key, failures: 0, windowStartedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
      if (isLocked(row, now)) return false;
      states.push({ key, next: afterFailure(row, now, policy) });
    }
    for (const { key, next } of states) await tx.update(loginThrottle).set(next).where(eq(loginThrottle.key, key));
    return true;
  });
}

export async function clearFailedSignIns(key: ThrottleKey): Promise<void> {
  await getDb().delete(loginThrottle).where(eq(loginThrottle.key, key.key));
}
