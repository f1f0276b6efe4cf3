import type { OperatorCaller } from "../resilience";
import {
  OperatorError,
  type Capability,
  type DriverConfig,
  type OperatorAdapter,
  type ReadResult,
  type SimFailure,
  type SimReport,
  type UsageReport,
} from "../types";
import { createControlCenterClient, isUnknownIccid } from "./client";
import { decodeOperation, encodeOperation, TARGET_STATUS } from "./operations";
import { mapWithConcurrency, sharedPacer } from "./pacing";
import type { SessionInfo } from "./schemas";
import { parseCredentials, parseSettings } from "./settings";
import { toSimReport, toUsageReport } from "./transform";

// The Cisco IoT Control Center (Jasper) REST driver. Per SIM it makes two calls, the fewest the API
// allows: ctdUsages (status, MSISDN, IMSI and cycle-to-date bytes in one answer) and sessionInfo.

const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
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

// What Control Center says about one SIM becomes that SIM's failure; anything else (rate limits,
// 5xx and timeouts after the retries, wrong credentials, a wrong URL) fails the whole batch.
function simFailure(iccid: string, error: unknown): SimFailure | null {
  if (isUnknownIccid(error)) return { iccid, code: "unknown_sim", detail: "Control Center does not know this ICCID" };
  if (error instanceof OperatorError && error.kind === "invalid_payload") {
    return { iccid, code: "invalid_payload", detail: error.message };
  }
  return null;
}

export function createCiscoControlCenterAdapter(
  config: DriverConfig,
  deps: { caller: OperatorCaller; fetch?: typeof fetch; now?: () => Date },
): OperatorAdapter {
  const settings = parseSettings(config.settings);
  const credentials = parseCredentials(config.credentials);
  const now = deps.now ?? (() => new Date());
  const client = createControlCenterClient({
    baseUrl: settings.baseUrl,
    username: credentials.username,
    apiKey: credentials.apiKey,
    accountId: settings.accountId,
    pace: sharedPacer(config.operatorId, settings.requestsPerSecond),
    caller: deps.caller,
    fetch: deps.fetch,
  });

  // Waiting for a pace slot counts against an attempt's timeout, so no more requests queue for the
  // pace than it lets through in about a second; beyond that, more workers add no throughput.
  const workers =
    settings.requestsPerSecond > 0
      ? Math.min(settings.concurrency, Math.max(1, Math.ceil(settings.requestsPerSecond)))
      : settings.concurrency;

  async function readSim(iccid: string): Promise<SimOutcome> {
    let usage;
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
      // A garbled session answer only leaves "in session" unknown; state and usage are sound.
      if (failure?.code === "unknown_sim") return { failure };
      if (!failure) throw error;
    }
    return { report: toSimReport(usage, session), usage: toUsageReport(usage, observedAt, settings.cycleStartDay) };
  }

  return {
    driver: "cisco_control_center",
    capabilities: CAPABILITIES,
    maxBatch: MAX_BATCH,

    async testConnection() {
      const since = new Date(now().getTime() - DAY_MS);
      const page = await client.searchDevices({ modifiedSince: since, pageNumber: 1, pageSize: settings.pageSize });
      const count = `${page.devices.length}${page.lastPage ? "" : "+"}`;
      const account = settings.accountId ? ` in account ${settings.accountId}` : "";
      return { detail: `Control Center answered: ${count} SIM(s) changed in the last 24 hours${account}` };
    },

    async readSims(iccids, _window) {
      // Control Center only reports cycle-to-date totals, so the window does not narrow the calls.
      if (iccids.length > MAX_BATCH) throw new Error(`readSims takes at most ${MAX_BATCH} ICCIDs, got ${iccids.length}`);
      const outcomes = await mapWithConcurrency([...new Set(iccids)], workers, readSim);
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
    },

    async requestOperation(iccid, kind) {
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
    },

    async operationResult(operationId) {
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
    },
  };
}
