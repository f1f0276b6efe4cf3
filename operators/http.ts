import { parseRetryAfter, type OperatorCaller } from "./resilience";
import { OperatorError } from "./types";

// The JSON-over-HTTP part every HTTP driver shares. Each attempt runs inside `caller.call`, so the
// timeout, retries, Retry-After and the circuit breaker apply to every request alike, and every
// failure leaves here as an OperatorError whose message is safe to show to staff.

export type Query = Record<string, string | number | undefined>;
export type HttpResponse = { status: number; body: unknown };

// No answer of a documented call comes near this; a bigger one is refused rather than buffered.
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

// An operator's non-2xx answer, for drivers that know their operator's own error codes.
export type ErrorAnswer = { method: string; path: string; status: number; body: unknown };

export type HttpClientOptions = {
  baseUrl: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  caller: OperatorCaller;
  // Awaited before every attempt, retries included, because a retry costs the operator a request too.
  beforeAttempt?: (signal: AbortSignal) => Promise<void>;
  // Runs after the status-based mapping; a driver returns a better error or the one it was given.
  refineError?: (error: OperatorError, answer: ErrorAnswer) => OperatorError;
  // Values that must never reach an error message (header values are always included).
  secrets?: readonly string[];
  nowMs?: () => number;
};

export type HttpClient = {
  get(path: string, query?: Query): Promise<HttpResponse>;
  put(path: string, body: unknown): Promise<HttpResponse>;
};

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const nowMs = options.nowMs ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, "");
  const secrets = [...(options.secrets ?? []), ...Object.values(options.headers ?? {})].filter((s) => s.length >= 4);
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);

  async function attempt(method: string, path: string, url: string, body: string | undefined, signal: AbortSignal) {
    const label = `${method} ${path}`;
    await options.beforeAttempt?.(signal);
    let response: Response;
    let text: string | typeof TOO_LARGE;
    try {
      response = await doFetch(url, {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
        body,
        // A redirect is refused, not followed: the credentials in the headers stay with the operator.
        redirect: "error",
        signal,
      });
      text = await readBody(response, MAX_BODY_BYTES);
    } catch (caught) {
      if (signal.aborted) throw new OperatorError("timeout", `${label}: no answer in time`);
      throw new OperatorError("network", redact(`${label}: ${describeFailure(caught)}`));
    }
    if (response.ok) {
      if (text === TOO_LARGE) throw new OperatorError("invalid_payload", `${label}: the answer is larger than ${MAX_BODY_BYTES / 1024 ** 2} MB`);
      const parsed = parseJson(text);
      if (parsed === NOT_JSON) throw new OperatorError("invalid_payload", `${label}: the answer is not JSON`);
      return { status: response.status, body: parsed };
    }
    // An error answer too large to read still says what its status says.
    const parsed = text === TOO_LARGE ? NOT_JSON : parseJson(text);
    const answer: ErrorAnswer = { method, path, status: response.status, body: parsed === NOT_JSON ? undefined : parsed };
    const error = statusError(label, response, nowMs());
    const refined = options.refineError ? options.refineError(error, answer) : error;
    // Rewritten in place so a driver's subclass (and what it carries) survives the redaction.
    refined.message = redact(refined.message);
    throw refined;
  }

  function request(method: string, path: string, query: Query | undefined, body: unknown): Promise<HttpResponse> {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const json = body === undefined ? undefined : JSON.stringify(body);
    return options.caller.call((signal) => attempt(method, path, url.toString(), json, signal));
  }

  return {
    get: (path, query) => request("GET", path, query, undefined),
    put: (path, body) => request("PUT", path, undefined, body),
  };
}

function statusError(label: string, response: Response, nowMs: number): OperatorError {
  const status = response.status;
  const message = `${label} answered ${status}`;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), nowMs);
  const retry = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return new OperatorError("rate_limited", message, { status, ...retry });
  if (status >= 500) return new OperatorError("server", message, { status, ...retry });
  if (status === 401 || status === 403) return new OperatorError("unauthorized", message, { status });
  return new OperatorError("bad_request", message, { status });
}

const NOT_JSON = Symbol("not JSON");

function parseJson(text: string): unknown {
  if (text.trim() === "") return NOT_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

const TOO_LARGE = Symbol("too large");

// The body as text, or TOO_LARGE without reading further once it passes `limit` bytes: by its
// Content-Length when it gives one, else by what has arrived so far.
async function readBody(response: Response, limit: number): Promise<string | typeof TOO_LARGE> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return TOO_LARGE;
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// undici reports "fetch failed" and hides the useful part in `cause`: its code (ECONNREFUSED,
// ENOTFOUND…), or the first of an AggregateError's codes (one per address tried), or its words.
function describeFailure(caught: unknown): string {
  if (!(caught instanceof Error)) return String(caught);
  const detail = causeCode(caught.cause) ?? (caught.cause instanceof Error ? caught.cause.message : undefined);
  return detail ? `${caught.message} (${detail})` : caught.message;
}

function causeCode(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  if ("code" in cause && typeof cause.code === "string" && cause.code !== "") return cause.code;
  if ("errors" in cause && Array.isArray(cause.errors)) return causeCode(cause.errors[0]);
  return undefined;
}
