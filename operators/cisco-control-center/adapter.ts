import type { OperatorCaller } from "../resilience";
import {
  OperatorError,
  type Capability,
  type DriverConfig,
  type OperationKind,
  type OperationResult,
  type OperatorAdapter,
  type ReadResult,
  type SimFailure,
  type SimReport,
  type UsageReport,
} from "../types";
import { ControlCenterError, createControlCenterClient, isUnknownIccid, type ControlCenterClient } from "./client";
import { decodeOperation, encodeOperation, TARGET_STATUS } from "./operations";
import { mapWithConcurrency, sharedPacer, type Pacer } from "./pacing";
import type { CtdUsages, SessionInfo } from "./schemas";
import { parseCredentials, parseSettings, type ControlCenterSettings } from "./settings";
import { toSimReport, toUsageReport } from "./transform";

// The Cisco IoT Control Center (Jasper) REST driver. Per SIM it makes two calls, the fewest the API
// allows: ctdUsages (status, MSISDN, IMSI and cycle-to-date bytes in one answer) and sessionInfo.

export const CONTROL_CENTER_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  "statusSync",
  "sessionState",
  "usageRecords",
  "activate",
  "suspend",
  "resume",
]);
const MAX_BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

type SimOutcome = { report: SimReport; usage: UsageReport } | { failure: SimFailure };

export type CiscoControlCenterDeps = {
  caller: OperatorCaller;
  fetch?: typeof fetch;
  now?: () => Date;
  // Builds the request pace; by default one shared by every adapter of the operator in this process.
  pacer?: (requestsPerSecond: number) => Pacer;
};

export function createCiscoControlCenterAdapter(config: DriverConfig, deps: CiscoControlCenterDeps): OperatorAdapter {
  const settings = parseSettings(config.settings);
  const credentials = parseCredentials(config.credentials);
  const now = deps.now ?? (() => new Date());
  const pacer = deps.pacer ?? ((requestsPerSecond: number) => sharedPacer(config.operatorId, requestsPerSecond));
  const client = createControlCenterClient({
    baseUrl: settings.baseUrl,
    username: credentials.username,
    apiKey: credentials.apiKey,
    accountId: settings.accountId,
    pace: pacer(settings.requestsPerSecond),
    caller: deps.caller,
    fetch: deps.fetch,
  });
  const readSim = simReader(client, settings, now);
  const workers = workerCount(settings);

  return {
    driver: "cisco_control_center",
    capabilities: CONTROL_CENTER_CAPABILITIES,
    maxBatch: MAX_BATCH,
    testConnection: () => testConnection(client, settings, now()),
    async readSims(iccids, _window) {
      // Control Center only reports cycle-to-date totals, so the window does not narrow the calls.
      if (iccids.length > MAX_BATCH) throw new Error(`readSims takes at most ${MAX_BATCH} ICCIDs, got ${iccids.length}`);
      return collect(await mapWithConcurrency([...new Set(iccids)], workers, readSim));
    },
    requestOperation: (iccid, kind) => requestOperation(client, iccid, kind),
    operationResult: (operationId) => operationResult(client, operationId),
  };
}

// Waiting for a pace slot counts against an attempt's timeout, so no more requests queue for the
// pace than it lets through in about a second; beyond that, more workers add no throughput.
function workerCount(settings: ControlCenterSettings): number {
  if (settings.requestsPerSecond <= 0) return settings.concurrency;
  return Math.min(settings.concurrency, Math.max(1, Math.ceil(settings.requestsPerSecond)));
}

// What Control Center says about one SIM on that SIM's own paths becomes that SIM's failure: an
// unknown ICCID, a malformed answer, and a 5xx (after the retries) or a refusal that only this SIM
// gets, so one broken SIM does not hold up the operator. The sync fails a batch in which too many
// SIMs fail, so an outage does not turn every SIM Invalid. What is about the account or the
// connection (rate limits, timeouts, network errors, credentials, the breaker) fails the batch,
// and so does a 404 without Control Center's error code, which more likely means a wrong base URL.
function simFailure(iccid: string, error: unknown): SimFailure | null {
  if (isUnknownIccid(error)) return { iccid, code: "unknown_sim", detail: "Control Center does not know this ICCID" };
  if (!(error instanceof OperatorError)) return null;
  if (error.kind === "invalid_payload") return { iccid, code: "invalid_payload", detail: error.message };
  const wrongUrl = error.options.status === 404 && !hasControlCenterCode(error);
  if (error.kind === "server" || (error.kind === "bad_request" && !wrongUrl)) {
    return { iccid, code: "operator_error", detail: error.message };
  }
  return null;
}

function hasControlCenterCode(error: OperatorError): boolean {
  return error instanceof ControlCenterError && error.errorCode !== undefined;
}

function simReader(client: ControlCenterClient, settings: ControlCenterSettings, now: () => Date) {
  return async function readSim(iccid: string): Promise<SimOutcome> {
    let usage: CtdUsages;
    try {
      usage = await client.getUsage(iccid);
    } catch (error) {
      const failure = simFailure(iccid, error);
      if (failure) return { failure };
      throw error;
    }
    const observedAt = now();
    let session: SessionInfo | null = null;
    try {
      session = await client.getSession(iccid);
    } catch (error) {
      const failure = simFailure(iccid, error);
      if (failure?.code === "unknown_sim") return { failure };
      // A session answer that is garbled or keeps failing only leaves "in session" unknown;
      // state and usage are sound.
      if (!failure) throw error;
    }
    return { report: toSimReport(usage, session), usage: toUsageReport(usage, observedAt, settings.cycleStartDay) };
  };
}

function collect(outcomes: readonly SimOutcome[]): ReadResult {
  const result: ReadResult = { reports: [], usage: [], failures: [] };
  for (const outcome of outcomes) {
    if ("failure" in outcome) {
      result.failures.push(outcome.failure);
    } else {
      result.reports.push(outcome.report);
      result.usage.push(outcome.usage);
    }
  }
  return result;
}

async function testConnection(client: ControlCenterClient, settings: ControlCenterSettings, now: Date): Promise<{ detail: string }> {
  const since = new Date(now.getTime() - DAY_MS);
  const page = await client.searchDevices({ modifiedSince: since, pageNumber: 1, pageSize: settings.pageSize });
  const count = `${page.devices.length}${page.lastPage ? "" : "+"}`;
  const account = settings.accountId ? ` in account ${settings.accountId}` : "";
  return { detail: `Control Center answered: ${count} SIM(s) changed in the last 24 hours${account}` };
}

async function requestOperation(client: ControlCenterClient, iccid: string, kind: OperationKind): Promise<{ operationId: string }> {
  const status = TARGET_STATUS[kind];
  try {
    const { applied } = await client.setStatus(iccid, status);
    return { operationId: encodeOperation({ iccid, status, outcome: applied ? "applied" : "accepted" }) };
  } catch (error) {
    if (!(error instanceof OperatorError)) throw error;
    // A 2xx we could not read most likely changed the SIM; reading it back will tell.
    if (error.kind === "invalid_payload") return { operationId: encodeOperation({ iccid, status, outcome: "accepted" }) };
    // A refusal is this operation's final answer. Everything else is retryable or about the
    // account (credentials, breaker) and goes back to the caller; a repeated PUT is harmless.
    if (error.kind === "bad_request") {
      const detail = `Control Center refused the change: ${error.message}`.slice(0, 300);
      return { operationId: encodeOperation({ iccid, status, outcome: "refused", detail }) };
    }
    throw error;
  }
}

async function operationResult(client: ControlCenterClient, operationId: string): Promise<OperationResult> {
  const operation = decodeOperation(operationId);
  if (!operation) return { state: "failed", detail: "Not an operation of the Cisco Control Center driver" };
  if (operation.outcome === "applied") return { state: "succeeded" };
  if (operation.outcome === "refused") return { state: "failed", detail: operation.detail ?? "Control Center refused the change" };
  try {
    const device = await client.getDevice(operation.iccid);
    return device.status === operation.status ? { state: "succeeded" } : { state: "running" };
  } catch (error) {
    if (isUnknownIccid(error)) return { state: "failed", detail: "Control Center does not know this ICCID" };
    throw error;
  }
}
