import type { Db } from "@/db";
import type { OperatorCaller } from "../resilience";
import { OperatorError, type Capability, type DriverConfig, type OperatorAdapter } from "../types";
import type { SimulatorContext } from "./context";
import { simulateNetwork } from "./faults";
import { countKnownLines } from "./lines";
import { operationResult, requestOperation, requestSimSwap } from "./operations";
import { hashParts, hashString, mixInts } from "./random";
import { readSims } from "./read-sims";
import { parseSimulatorSettings } from "./settings";
import { trafficModel } from "./traffic";

// The embedded default operator: a simulated network kept in the portal's own database, so
// `npm run dev` shows SIMs attaching, using data at home and abroad, operations taking a while
// and the odd fault, with no configuration. It goes through the same caller (timeout, retries,
// breaker) as a real driver, so the portal cannot tell it apart.

export const SIMULATOR_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  "statusSync",
  "sessionState",
  "usageRecords",
  "activate",
  "suspend",
  "resume",
  "simSwap",
]);

const MAX_BATCH = 500;

export function createSimulatorAdapter(
  config: DriverConfig,
  deps: { caller: OperatorCaller; db: Db; now: () => Date },
): OperatorAdapter {
  const settings = parseSimulatorSettings(config);
  const ctx: SimulatorContext = { operatorId: config.operatorId, operatorName: config.operatorName, settings, db: deps.db, now: deps.now };
  const traffic = trafficModel(settings);

  // The call's identity (its inputs and time) and the attempt number pick its fault, so each
  // retry rolls again while a rerun of the same call with the same clock fails the same way.
  function call<T>(callKey: number, work: () => Promise<T>): Promise<T> {
    let attempt = 0;
    return deps.caller.call(async (signal) => {
      attempt += 1;
      await simulateNetwork(settings, callKey, attempt, signal);
      return work();
    });
  }

  return {
    driver: "simulator",
    capabilities: SIMULATOR_CAPABILITIES,
    maxBatch: MAX_BATCH,

    testConnection() {
      return call(hashParts("testConnection", deps.now().getTime()), async () => {
        const known = await countKnownLines(deps.db, config.operatorId);
        return { detail: `Simulator network ${config.operatorName}: ${known} lines known` };
      });
    },

    readSims(iccids, window) {
      if (iccids.length > MAX_BATCH) {
        return Promise.reject(new OperatorError("bad_request", `At most ${MAX_BATCH} SIMs per request, got ${iccids.length}`));
      }
      if (iccids.length === 0) return Promise.resolve({ reports: [], usage: [], failures: [] });
      let key = hashParts("readSims", window.since?.getTime() ?? -1, window.until.getTime(), deps.now().getTime());
      for (const iccid of iccids) key = mixInts(key, hashString(iccid));
      return call(key, () => readSims(ctx, traffic, iccids, window));
    },

    requestOperation(iccid, kind) {
      return call(hashParts("requestOperation", iccid, kind, deps.now().getTime()), () => requestOperation(ctx, iccid, kind));
    },

    requestSimSwap(iccid, newIccid) {
      return call(hashParts("requestSimSwap", iccid, newIccid, deps.now().getTime()), () => requestSimSwap(ctx, iccid, newIccid));
    },

    operationResult(operationId) {
      return call(hashParts("operationResult", operationId, deps.now().getTime()), () => operationResult(ctx, operationId));
    },
  };
}
