import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authSecret } from "@/lib/env";
import { logger } from "@/lib/logger";
import { authenticate } from "./authenticate";

class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

// The address the nearest proxy saw: the last X-Forwarded-For entry is the one it appended (the
// ones before it are whatever the client sent). Without a proxy header the address is unknown
// and only the per-e-mail limit applies.
function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || null;
}

// JWT sessions carry only the user id; every request reloads the user (lib/auth/viewer.ts), so a
// deactivated user or a changed role takes effect at once, not when the token expires.
// Configured lazily, per request, so that building the app needs no secret.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // Behind a reverse proxy the Host header is the public one; set AUTH_URL to pin it instead.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // A wrong password is an answer, not an error; anything else goes to the structured log.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      logger.error("auth error", { error });
    },
    warn(code) {
      logger.warn("auth warning", { code });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticate(credentials, clientAddress(request));
        if (result.ok) return { id: result.userId };
        if (result.reason === "throttled") throw new ThrottledSignIn();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
