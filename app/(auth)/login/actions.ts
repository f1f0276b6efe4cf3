"use server";

import { CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth";
import { signInSchema } from "@/lib/auth/authenticate";

export type SignInState = { error: string | null; email: string };

const DEFAULT_DESTINATION = "/sims";
// One message for every wrong e-mail, password or inactive account, so the form cannot be used to
// find out which accounts exist.
const INVALID_MESSAGE = "Invalid email or password.";
const THROTTLED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

// The callback URL arrives from the query string, so anyone can craft it: only a path on this
// site is followed. Browsers read "//host" and "/\host" (and the same with a tab or newline
// inside, which they strip) as another site, hence no backslashes or control characters at all.
function safeDestination(value: FormDataEntryValue | null): string {
  if (typeof value !== "string" || value.length > 2048) return DEFAULT_DESTINATION;
  if (!value.startsWith("/") || value.startsWith("//") || /[\p{Cc}\\]/u.test(value)) return DEFAULT_DESTINATION;
  return value;
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const rawEmail = formData.get("email");
  const email = typeof rawEmail === "string" ? rawEmail.trim() : "";
  const parsed = signInSchema.safeParse({ email: rawEmail, password: formData.get("password") });
  if (!parsed.success) return { error: INVALID_MESSAGE, email };

  try {
    // On success this throws Next's redirect (NEXT_REDIRECT), which must reach the framework.
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeDestination(formData.get("callbackUrl")),
    });
  } catch (error) {
    // Every failed check in authorize() is a CredentialsSignin; lib/auth sets code "throttled" for a lockout.
    if (error instanceof CredentialsSignin) {
      return { error: error.code === "throttled" ? THROTTLED_MESSAGE : INVALID_MESSAGE, email };
    }
    // Anything else (the success redirect, a broken database) is not a wrong password.
    throw error;
  }
  return { error: null, email };
}
