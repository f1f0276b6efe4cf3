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

export function throttleKeys(email: string, clientAddress: string): ThrottleKey[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, policy: EMAIL_POLICY },
    { key: `client:${clientAddress}`, policy: CLIENT_POLICY },
  ];
}

export async function isThrottled(keys: ThrottleKey[], now: Date): Promise<boolean> {
  const rows = await getDb()
    .select({ key: loginThrottle.key })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys.map((k) => k.key)), gt(loginThrottle.lockedUntil, now)))
    .limit(1);
  return rows.length > 0;
}

// Row-locked read-modify-write, so concurrent failures from several app instances all count.
export async function recordFailedSignIn(keys: ThrottleKey[], now: Date): Promise<void> {
  await getDb().transaction(async (tx) => {
    for (const { key, policy } of keys) {
      await tx.insert(loginThrottle).values({ key, failures: 0, windowStartedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
      const next = afterFailure(row, now, policy);
      await tx.update(loginThrottle).set(next).where(eq(loginThrottle.key, key));
    }
  });
}

export async function clearFailedSignIns(key: ThrottleKey): Promise<void> {
  await getDb().delete(loginThrottle).where(eq(loginThrottle.key, key.key));
}
