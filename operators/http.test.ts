import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { createHttpClient, MAX_BODY_BYTES, type HttpClientOptions } from "./http";
import { OperatorCaller, type CallPolicy } from "./resilience";
import { OperatorError } from "./types";

const policy: CallPolicy = {
  timeoutMs: 50,
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 10_000,
  breakerThreshold: 100,
  breakerCooldownMs: 60_000,
};
const AUTH = "Basic dXNlcjpzM2NyM3Qta2V5";

type FetchArgs = [input: string | URL | Request, init?: RequestInit];

function setup(answer: (call: number, init: RequestInit | undefined) => Promise<Response>, extra: Partial<HttpClientOptions> = {}) {
  const sleeps: number[] = [];
  const caller = new OperatorCaller(policy, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
  const calls: FetchArgs[] = [];
  const fetchStub = vi.fn(async (...args: FetchArgs) => {
    calls.push(args);
    return answer(calls.length, args[1]);
  });
  const client = createHttpClient({
    baseUrl: "https://cc.example/rws/api/v1/",
    headers: { authorization: AUTH },
    fetch: fetchStub,
    caller,
    ...extra,
  });
  return { client, calls, sleeps, caller };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } }));

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    listening.requests += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const listening = {
    url: `http://127.0.0.1:${port}`,
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return listening;
}

async function failure(promise: Promise<unknown>): Promise<OperatorError> {
  const caught: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(caught instanceof OperatorError)) throw new Error(`expected an OperatorError, got ${String(caught)}`);
  return caught;
}

describe("createHttpClient", () => {
  it("GETs base URL + path + query with the headers, and returns the parsed JSON", async () => {
    const { client, calls } = setup(() => json({ ok: true }));
    const res = await client.get("/devices", { pageSize: 50, accountId: undefined, modifiedSince: "2025-01-01T00:00:00+00:00" });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    const [url, init] = calls[0] ?? [];
    expect(String(url)).toBe("https://cc.example/rws/api/v1/devices?pageSize=50&modifiedSince=2025-01-01T00%3A00%3A00%2B00%3A00");
    expect(init?.method).toBe("GET");
    expect(init?.headers).toMatchObject({ accept: "application/json", authorization: AUTH });
  });

  it("PUTs a JSON body", async () => {
    const { client, calls } = setup(() => json({ iccid: "1" }));
    await client.put("/devices/1", { status: "ACTIVATED" });
    expect(calls[0]?.[1]).toMatchObject({ method: "PUT", body: '{"status":"ACTIVATED"}', headers: { "content-type": "application/json" } });
  });

  it("reports a 2xx answer that is not JSON as invalid_payload, without retrying", async () => {
    const { client, calls } = setup(() => Promise.resolve(new Response("<html>maintenance</html>", { status: 200 })));
    const error = await failure(client.get("/devices/1"));
    expect(error.kind).toBe("invalid_payload");
    expect(calls).toHaveLength(1);
  });

  it("maps 429 to rate_limited, honouring Retry-After between attempts", async () => {
    const { client, sleeps, calls } = setup(() => json({ errorMessage: "slow down" }, 429, { "retry-after": "2" }));
    const error = await failure(client.get("/devices/1"));
    expect(error).toMatchObject({ kind: "rate_limited", options: { status: 429, retryAfterMs: 2000 } });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it("maps 5xx to server and retries until the operator answers", async () => {
    const { client, calls } = setup((n) => (n === 1 ? json({}, 503) : json({ fine: 1 })));
    expect((await client.get("/x")).body).toEqual({ fine: 1 });
    expect(calls).toHaveLength(2);
  });

  it.each([401, 403])("maps %i to unauthorized and does not retry", async (status) => {
    const { client, calls } = setup(() => json({ errorCode: "10000001" }, status));
    const error = await failure(client.get("/x"));
    expect(error).toMatchObject({ kind: "unauthorized", options: { status } });
    expect(calls).toHaveLength(1);
  });

  it("maps other 4xx to bad_request and keeps the status so a 404 can be told apart", async () => {
    const { client, calls } = setup(() => json({ errorMessage: "nope" }, 404));
    const error = await failure(client.get("/x"));
    expect(error).toMatchObject({ kind: "bad_request", options: { status: 404 } });
    expect(calls).toHaveLength(1);
  });

  it("maps a fetch rejection to network, naming the cause's code, and retries it", async () => {
    const { client, calls } = setup(() => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) })));
    const error = await failure(client.get("/x"));
    expect(error.kind).toBe("network");
    expect(error.message).toBe("GET /x: fetch failed (ECONNREFUSED)");
    expect(calls).toHaveLength(3);
  });

  it("names the first code of an AggregateError cause (one error per address tried)", async () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    const cause = new AggregateError([refused("::1:443"), refused("127.0.0.1:443")]);
    const { client } = setup(() => Promise.reject(new TypeError("fetch failed", { cause })));
    expect((await failure(client.get("/x"))).message).toBe("GET /x: fetch failed (ECONNREFUSED)");
  });

  it("names a cause without a code by its words", async () => {
    const { client } = setup(() => Promise.reject(new TypeError("fetch failed", { cause: new Error("unexpected redirect") })));
    expect((await failure(client.get("/x"))).message).toBe("GET /x: fetch failed (unexpected redirect)");
  });

  it("never follows a redirect, so the credentials cannot reach another host", async () => {
    const target = await listen((_req, res) => res.end("{}"));
    const redirecting = await listen((_req, res) => res.writeHead(302, { location: `${target.url}/steal` }).end());
    try {
      const caller = new OperatorCaller(policy, { sleep: async () => undefined, random: () => 0.5 });
      const client = createHttpClient({ baseUrl: redirecting.url, headers: { authorization: AUTH }, caller });
      const error = await failure(client.get("/x"));
      expect(error.kind).toBe("network");
      expect(error.message).toContain("redirect");
      expect(redirecting.requests).toBe(policy.maxAttempts);
      expect(target.requests).toBe(0);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });

  it("refuses an answer that says it is over 5 MB without reading it, as invalid_payload", async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("{}"));
        controller.close();
      },
    });
    const huge = { "content-length": String(MAX_BODY_BYTES + 1) };
    const { client, calls } = setup(() => Promise.resolve(new Response(body, { status: 200, headers: huge })));
    const error = await failure(client.get("/x"));
    expect(error.kind).toBe("invalid_payload");
    expect(error.message).toBe("GET /x: the answer is larger than 5 MB");
    expect(calls).toHaveLength(1);
    // Cancelled, not read: a reader would have locked it.
    expect(body.locked).toBe(false);
  });

  it("stops reading an answer without a length once it passes 5 MB, and refuses it", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      });
    const { client } = setup(() => Promise.resolve(new Response(endless(), { status: 200 })));
    const error = await failure(client.get("/x"));
    expect(error.kind).toBe("invalid_payload");
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 3 * chunk.byteLength);
  });

  it("reads an answer of exactly 5 MB", async () => {
    const text = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES - 10) });
    expect(Buffer.byteLength(text)).toBe(MAX_BODY_BYTES);
    const { client } = setup(() => Promise.resolve(new Response(text, { status: 200 })));
    const { body } = await client.get("/x");
    expect((body as { pad: string }).pad).toHaveLength(MAX_BODY_BYTES - 10);
  });

  it("still maps an oversized error answer by its status", async () => {
    const huge = { "content-length": String(MAX_BODY_BYTES + 1) };
    const { client, calls } = setup(() => Promise.resolve(new Response("{}", { status: 503, headers: huge })));
    expect((await failure(client.get("/x"))).kind).toBe("server");
    expect(calls).toHaveLength(3);
  });

  it("maps an answer that never comes to timeout", async () => {
    const hang = (_: number, init: RequestInit | undefined) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const { client, calls } = setup(hang);
    const error = await failure(client.get("/x"));
    expect(error.kind).toBe("timeout");
    expect(calls).toHaveLength(3);
  });

  it("lets a driver refine the error (its kind drives the retries) and keeps its class", async () => {
    class CodedError extends OperatorError {}
    const { client, calls } = setup(() => json({ errorCode: "40000029" }, 400), {
      refineError: (error, answer) =>
        (answer.body as { errorCode?: string }).errorCode === "40000029" ? new CodedError("rate_limited", "rate limit") : error,
    });
    const error = await failure(client.get("/x"));
    expect(error).toBeInstanceOf(CodedError);
    expect(error.kind).toBe("rate_limited");
    expect(calls).toHaveLength(3);
  });

  it("never lets credentials reach an error message", async () => {
    const leaky = setup(() => Promise.reject(new Error(`boom ${AUTH} s3cr3t-key`)), { secrets: ["s3cr3t-key"] });
    const network = await failure(leaky.client.get("/x"));
    expect(network.message).not.toContain(AUTH);
    expect(network.message).not.toContain("s3cr3t-key");

    const echoing = setup(() => json({}, 400), {
      secrets: ["s3cr3t-key"],
      refineError: (error) => new OperatorError(error.kind, `operator said: key s3cr3t-key is wrong`, error.options),
    });
    const refined = await failure(echoing.client.get("/x"));
    expect(refined.message).toBe("operator said: key [redacted] is wrong");
  });
});
