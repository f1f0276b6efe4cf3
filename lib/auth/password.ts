import { hash, verify } from "@node-rs/argon2";

// argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1).
// @node-rs/argon2 defaults to argon2id; the parameters are explicit so a library upgrade
// cannot weaken them silently.
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}

// Verifying against this when the e-mail is unknown keeps the response time the same, so
// timing does not reveal which e-mails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password");
  return dummyHash;
}
