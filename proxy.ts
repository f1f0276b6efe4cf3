import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER } from "@/lib/request-id";

// Gives every request an id, which the audit log and the logs carry (a client's own header of
// that name is always replaced, so an id in the audit log is never the client's), and redirects
// anonymous visitors of portal pages to sign in. That redirect is only a convenience: pages and
// actions check the session and the user's access themselves (lib/auth/viewer.ts).
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
// Reachable without a session: sign-in, invitations, API routes (each checks its own caller),
// and static files.
const PUBLIC_PATH = /^\/(?:login(?:\/|$)|invite\/|api\/)|\.(?:png|svg|ico|css|js)$/;

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (signedIn || PUBLIC_PATH.test(pathname)) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, crypto.randomUUID());
    return NextResponse.next({ request: { headers } });
  }
  const login = new URL("/login", request.url);
  const target = pathname + search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
