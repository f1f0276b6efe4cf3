import { abortableDelay } from "../abortable-delay";
import { OperatorError } from "../types";
import { mixInts, unit } from "./random";
import type { SimulatorSettings } from "./settings";

// The simulated operator's misbehaviour on each attempt of a call: a hang (the caller's timeout
// must end it), a 429 with Retry-After, a 5xx, or a normal answer after some latency. Decided by
// hashing the seed, the call (its inputs and time) and the attempt, so a retry can succeed where
// the first attempt failed, and a test sees the same faults on every run.

export type Fault = "timeout" | "rate_limited" | "server" | null;

type FaultSettings = Pick<SimulatorSettings, "seed" | "failureRates" | "faultAttempts" | "latencyMs" | "retryAfterSeconds">;

const SALT = { fault: 101, latency: 102 };

export function faultFor(settings: FaultSettings, callKey: number, attempt: number): Fault {
  if (settings.faultAttempts !== undefined && attempt > settings.faultAttempts) return null;
  const { timeout, rateLimited, server } = settings.failureRates;
  const roll = unit(mixInts(settings.seed, SALT.fault, callKey, attempt));
  if (roll < timeout) return "timeout";
  if (roll < timeout + rateLimited) return "rate_limited";
  if (roll < timeout + rateLimited + server) return "server";
  return null;
}

// Runs before the simulated operator does any work, inside the closure given to the caller.
export async function simulateNetwork(settings: FaultSettings, callKey: number, attempt: number, signal: AbortSignal): Promise<void> {
  switch (faultFor(settings, callKey, attempt)) {
    case "timeout":
      return hangUntilAborted(signal);
    case "rate_limited":
      throw new OperatorError("rate_limited", "Simulated operator: too many requests", {
        status: 429,
        retryAfterMs: Math.round(settings.retryAfterSeconds * 1000),
      });
    case "server":
      throw new OperatorError("server", "Simulated operator: internal error", { status: 503 });
    case null:
      break;
  }
  // Latency varies between half and one and a half times the setting, like a real network.
  const jitter = 0.5 + unit(mixInts(settings.seed, SALT.latency, callKey, attempt));
  await abortableDelay(Math.round(settings.latencyMs * jitter), signal);
}

function abortError(): Error {
  const error = new Error("The call was abandoned");
  error.name = "AbortError";
  return error;
}

export function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(abortError());
    signal.addEventListener("abort", () => reject(abortError()), { once: true });
  });
}
