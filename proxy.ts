import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER } from "@/lib/request-id";

// Only an optimistic redirect for anonymous visitors: pages and actions check the session and
// the user's access themselves (lib/auth/viewer.ts). It also gives every request an id, which
// the audit log and the logs carry; a client's own header of that name is replaced.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (signedIn) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, crypto.randomUUID());
    return NextResponse.next({ request: { headers } });
  }
  const login = new URL("/login", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!login|invite/|api|_next|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
