import { z } from "zod";
import { unsafeFindUserByEmail } from "@/db/queries/users";
import { now } from "@/lib/clock";
import { dummyPasswordHash, verifyPassword } from "./password";
import { clearFailedSignIns, countAttempt, isThrottled, throttleKeys } from "./throttle";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export type AuthenticateResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "throttled" };

// One answer for every wrong e-mail, password or deactivated account: "invalid". A password is
// not even checked while its e-mail or client is locked out.
export async function authenticate(input: unknown, clientAddress: string | null): Promise<AuthenticateResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const [emailKey, ...clientKeys] = throttleKeys(email, clientAddress);
  if (!emailKey || (await isThrottled([emailKey, ...clientKeys], now()))) return { ok: false, reason: "throttled" };
  // The attempt counts against the e-mail before the password is checked, so a burst of parallel
  // guesses gets no more tries than a sequence; a success clears it again.
  if (!(await countAttempt([emailKey], now()))) return { ok: false, reason: "throttled" };

  const user = await unsafeFindUserByEmail(email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !passwordOk || !user.active) {
    await countAttempt(clientKeys, now());
    return { ok: false, reason: "invalid" };
  }
  await clearFailedSignIns(emailKey);
  return { ok: true, userId: user.id };
}
