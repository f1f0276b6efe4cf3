import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { formatAnswerDate, parseControlCenterDate } from "./dates";
import { SIM_STATUSES, type SimStatus } from "./schemas";

// A local Control Center for tests and benchmarks: the documented REST endpoints over an in-memory
// device store, Basic auth, the 50-record page limit, an optional calls-per-second limit, and
// faults that tests queue and consume deterministically.

const API = "/rws/api/v1";

export type FakeDevice = {
  iccid: string;
  status: SimStatus;
  msisdn: string | null;
  imsi: string | null;
  imei: string | null;
  ratePlan: string;
  communicationPlan: string;
  ctdDataUsage: number;
  ctdSessionCount: number;
  sessionStarted: Date | null;
  sessionEnded: Date | null;
  ipAddress: string | null;
  dateAdded: Date;
  dateActivated: Date | null;
  dateUpdated: Date;
};

// "hang" never answers (until the client gives up); "malformed" answers 200 with broken JSON, or
// with JSON of the wrong shape when `malformed: "shape"`; "400" refuses the request with Control
// Center's error code. `times` defaults to every request.
export type Fault = {
  path: RegExp;
  method?: string;
  kind: "400" | "429" | "500" | "hang" | "malformed";
  retryAfterSeconds?: number;
  times?: number;
  malformed?: "json" | "shape";
};

export type FakeControlCenterState = {
  devices: Map<string, FakeDevice>;
  faults: Fault[];
  requests: { method: string; path: string }[];
  inFlight: number;
  maxInFlight: number;
};

export type FakeControlCenterOptions = {
  username?: string;
  apiKey?: string;
  devices?: Iterable<FakeDevice>;
  maxPageSize?: number;
  // Answer a status change 202 Accepted and leave the device unchanged (tests apply it later).
  deferEdits?: boolean;
  // Control Center's fair-use limit; beyond it a call gets 429 with its code 40000029.
  maxRequestsPerSecond?: number;
  // Off for benchmarks: keeping a log of 200,000 requests is not free.
  recordRequests?: boolean;
  // How long each answer takes, as a real operator's would; 0 answers at once.
  latencyMs?: number;
};

export type FakeControlCenter = { url: string; state: FakeControlCenterState; close(): Promise<void> };

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const error = (status: number, errorMessage: string, errorCode?: string): Answer => ({
  status,
  body: errorCode ? { errorMessage, errorCode } : { errorMessage },
});
const UNKNOWN_ICCID = error(404, "Resource not found - Invalid ICCID", "20000001");

export async function startFakeControlCenter(options: FakeControlCenterOptions = {}): Promise<FakeControlCenter> {
  const state: FakeControlCenterState = {
    devices: new Map([...(options.devices ?? [])].map((d) => [d.iccid, d])),
    faults: [],
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
  };
  const expectedAuth = `Basic ${Buffer.from(`${options.username ?? "api-user"}:${options.apiKey ?? "test-api-key"}`).toString("base64")}`;
  const maxPageSize = options.maxPageSize ?? 50;
  const fairUse = { second: 0, count: 0 };

  function takeFault(method: string, path: string): Fault | undefined {
    const index = state.faults.findIndex((f) => (!f.method || f.method === method) && f.path.test(path));
    const fault = state.faults[index];
    if (!fault) return undefined;
    const times = (fault.times ?? Infinity) - 1;
    if (times <= 0) state.faults.splice(index, 1);
    else fault.times = times;
    return fault;
  }

  function overFairUse(): boolean {
    if (!options.maxRequestsPerSecond) return false;
    const second = Math.floor(Date.now() / 1000);
    if (second !== fairUse.second) Object.assign(fairUse, { second, count: 0 });
    return ++fairUse.count > options.maxRequestsPerSecond;
  }

  async function route(req: IncomingMessage, method: string, url: URL): Promise<Answer> {
    if (req.headers.authorization !== expectedAuth) return error(401, "Invalid credentials", "10000001");
    if (overFairUse()) return { ...error(429, "Rate Limit Exceeded", "40000029"), headers: { "retry-after": "1" } };
    if (!url.pathname.startsWith(`${API}/devices`)) return error(404, "Resource not found");
    const [iccid, sub, ...rest] = url.pathname.slice(`${API}/devices/`.length).split("/");
    if (url.pathname === `${API}/devices` && method === "GET") return searchDevices(url.searchParams);
    const device = iccid ? state.devices.get(decodeURIComponent(iccid)) : undefined;
    if (rest.length > 0 || !iccid) return error(404, "Resource not found");
    if (!device) return UNKNOWN_ICCID;
    if (sub === undefined && method === "GET") return { status: 200, body: details(device) };
    if (sub === undefined && method === "PUT") return editDevice(device, await readJson(req));
    if (sub === "ctdUsages" && method === "GET") return { status: 200, body: usage(device) };
    if (sub === "sessionInfo" && method === "GET") return { status: 200, body: session(device) };
    return error(404, "Resource not found");
  }

  function searchDevices(query: URLSearchParams): Answer {
    const since = parseControlCenterDate(query.get("modifiedSince") ?? "");
    if (!since) return error(400, "modifiedSince is required, as an ISO 8601 date", "10000028");
    const pageSize = Number(query.get("pageSize") ?? maxPageSize);
    const pageNumber = Number(query.get("pageNumber") ?? 1);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
      return error(400, `pageSize must be between 1 and ${maxPageSize}`, "10000028");
    }
    if (!Number.isInteger(pageNumber) || pageNumber < 1) return error(400, "pageNumber must be 1 or more", "10000028");
    const status = query.get("status");
    const matching = [...state.devices.values()]
      .filter((d) => d.dateUpdated >= since && (!status || d.status === status))
      .sort((a, b) => a.dateUpdated.getTime() - b.dateUpdated.getTime());
    const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    const devices = page.map((d) => ({ iccid: d.iccid, status: d.status, ratePlan: d.ratePlan, communicationPlan: d.communicationPlan }));
    return { status: 200, body: { pageNumber, devices, lastPage: pageNumber * pageSize >= matching.length } };
  }

  function editDevice(device: FakeDevice, body: unknown): Answer {
    const status = typeof body === "object" && body !== null && "status" in body ? body.status : undefined;
    if (!SIM_STATUSES.some((s) => s === status)) return error(400, "Invalid status", "10000028");
    if (!options.deferEdits) {
      device.status = status as SimStatus;
      device.dateUpdated = new Date();
      if (status === "ACTIVATED") device.dateActivated ??= device.dateUpdated;
    }
    return { status: options.deferEdits ? 202 : 200, body: { iccid: device.iccid } };
  }

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://fake");
    if (options.recordRequests !== false) state.requests.push({ method, path: url.pathname });
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on("close", () => void (state.inFlight -= 1));
    const fault = takeFault(method, url.pathname);
    if (fault?.kind === "hang") return;
    if (fault?.kind === "malformed") {
      const text = fault.malformed === "shape" ? '{"result":"ok","items":[]}' : '{"iccid":"8901260882291743216","status":"ACTIV';
      return send(res, 200, text);
    }
    if (fault?.kind === "429") {
      const retry: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
      return send(res, 429, JSON.stringify(error(429, "Rate Limit Exceeded", "40000029").body), retry);
    }
    if (fault?.kind === "500") return send(res, 500, JSON.stringify(error(500, "Unknown server error.", "30000001").body));
    if (fault?.kind === "400") return send(res, 400, JSON.stringify(error(400, "Invalid request", "10000028").body));
    const answered = route(req, method, url).catch(() => error(400, "The JSON in the request is not well formed", "10000023"));
    const latency = options.latencyMs ?? 0;
    void answered.then((answer) => {
      const reply = () => send(res, answer.status, JSON.stringify(answer.body), answer.headers);
      if (latency > 0) setTimeout(reply, latency);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${API}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Idle keep-alive sockets and hanging answers would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}

const date = (d: Date | null) => (d ? formatAnswerDate(d) : null);

function usage(d: FakeDevice) {
  return {
    iccid: d.iccid,
    imsi: d.imsi ?? "",
    msisdn: d.msisdn ?? "",
    imei: d.imei ?? "",
    status: d.status,
    ratePlan: d.ratePlan,
    communicationPlan: d.communicationPlan,
    ctdDataUsage: d.ctdDataUsage,
    ctdSMSUsage: 0,
    ctdVoiceUsage: 0,
    ctdSessionCount: d.ctdSessionCount,
    overageLimitReached: false,
    overageLimitOverride: "DEFAULT",
  };
}

function session(d: FakeDevice) {
  return { iccid: d.iccid, ipAddress: d.ipAddress, dateSessionStarted: date(d.sessionStarted), dateSessionEnded: date(d.sessionEnded) };
}

function details(d: FakeDevice) {
  const { iccid, imsi, msisdn, imei, status, ratePlan, communicationPlan } = d;
  return {
    ...{ iccid, imsi: imsi ?? "", msisdn: msisdn ?? "", imei: imei ?? "", status, ratePlan, communicationPlan },
    ...{ customer: null, endConsumerId: null, accountId: "100020620", fixedIPAddress: null, simNotes: null },
    ...{ dateActivated: date(d.dateActivated), dateAdded: date(d.dateAdded), dateUpdated: date(d.dateUpdated) },
  };
}
