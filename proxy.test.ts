import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

const request = (path: string, init: { cookie?: string; requestId?: string } = {}) =>
  new NextRequest(new URL(path, "https://portal.example.com"), {
    headers: { ...(init.cookie && { cookie: init.cookie }), ...(init.requestId && { "x-request-id": init.requestId }) },
  });

// NextResponse.next({ request: { headers } }) passes overridden request headers on as x-middleware-request-<name>.
const requestIdOf = (response: Response) => response.headers.get("x-middleware-request-x-request-id");

describe("proxy", () => {
  it("sends an anonymous visitor of a portal page to sign in, back to where they were going", () => {
    const response = proxy(request("/sims?status=active"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("https://portal.example.com/login?callbackUrl=%2Fsims%3Fstatus%3Dactive");
  });

  it("lets sign-in, invitations, API routes and static files through without a session", () => {
    for (const path of ["/login", "/invite/abc", "/api/health", "/logo.svg"]) expect(proxy(request(path)).status, path).toBe(200);
  });

  it("replaces a request id the client sent, on every path, signed in or not", () => {
    for (const path of ["/sims/8934.js", "/api/cron/sync-operators", "/sims"]) {
      const id = requestIdOf(proxy(request(path, { cookie: "authjs.session-token=x", requestId: "forged" })));
      expect(id, path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
