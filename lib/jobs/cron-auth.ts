import { createHash, timingSafeEqual } from "node:crypto";

// A cron call carries `Authorization: Bearer <CRON_SECRET>`. Without a configured secret no call
// is accepted. Compared in constant time (on digests, so lengths do not leak either).
export function isAuthorizedCronCall(authorization: string | null, secret: string | undefined): boolean {
  if (!secret || !authorization) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(authorization), digest(`Bearer ${secret}`));
}
