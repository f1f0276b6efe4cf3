import { z } from "zod";
import { unsafeFindUserByEmail } from "@/db/queries/users";
import { now } from "@/lib/clock";
import { dummyPasswordHash, verifyPassword } from "./password";
import { clearFailedSignIns, isThrottled, recordFailedSignIn, throttleKeys } from "./throttle";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export type AuthenticateResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "throttled" };

// One answer for every wrong e-mail, password or deactivated account: "invalid". A password is
// not even checked while its e-mail or client is locked out.
export async function authenticate(input: unknown, clientAddress: string): Promise<AuthenticateResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, clientAddress);
  if (await isThrottled(keys, now())) return { ok: false, reason: "throttled" };

  const user = await unsafeFindUserByEmail(email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !passwordOk || !user.active) {
    await recordFailedSignIn(keys, now());
    return { ok: false, reason: "invalid" };
  }
  const [emailKey] = keys;
  if (emailKey) await clearFailedSignIns(emailKey);
  return { ok: true, userId: user.id };
}
