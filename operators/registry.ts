import { z } from "zod";
import type { Db } from "@/db";
import type { operators } from "@/db/schema";
import { CONTROL_CENTER_CAPABILITIES, createCiscoControlCenterAdapter } from "./cisco-control-center/adapter";
import { DEFAULT_POLICY, OperatorCaller, type CallPolicy } from "./resilience";
import { decryptCredentials } from "./secrets";
import { createSimulatorAdapter, SIMULATOR_CAPABILITIES } from "./simulator/adapter";
import type { Capability, DriverConfig, DriverName, OperatorAdapter } from "./types";

// Driver name -> adapter. The rest of the portal asks an adapter's capabilities, never its name.

export type OperatorRow = typeof operators.$inferSelect;

export type AdapterDeps = { db: Db; now: () => Date; fetch?: typeof fetch };

// Call policy overrides any driver accepts in its settings.
const policySettingsSchema = z.object({
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
});

function policyOf(settings: Record<string, unknown>): CallPolicy {
  const parsed = policySettingsSchema.safeParse(settings);
  const overrides = parsed.success ? parsed.data : {};
  return {
    ...DEFAULT_POLICY,
    ...(overrides.timeoutMs !== undefined && { timeoutMs: overrides.timeoutMs }),
    ...(overrides.maxAttempts !== undefined && { maxAttempts: overrides.maxAttempts }),
  };
}

// One caller (and so one circuit breaker) per operator per process, kept across HMR reloads and
// replaced when the operator's call policy changes.
const callers: Map<string, { key: string; caller: OperatorCaller }> = ((globalThis as { __operatorCallers?: Map<string, { key: string; caller: OperatorCaller }> }).__operatorCallers ??= new Map());

export function callerFor(operator: Pick<OperatorRow, "id" | "settings">): OperatorCaller {
  const policy = policyOf(operator.settings);
  const key = JSON.stringify(policy);
  const existing = callers.get(operator.id);
  if (existing?.key === key) return existing.caller;
  const caller = new OperatorCaller(policy);
  callers.set(operator.id, { key, caller });
  return caller;
}

export function configOf(operator: OperatorRow): DriverConfig {
  return {
    operatorId: operator.id,
    operatorName: operator.name,
    settings: operator.settings,
    credentials: operator.encryptedCredentials ? decryptCredentials(operator.encryptedCredentials) : {},
  };
}

// Null for an operator without integration: its SIMs are "Not available".
export function adapterFor(operator: OperatorRow, deps: AdapterDeps): OperatorAdapter | null {
  const driver: DriverName = operator.driver;
  switch (driver) {
    case "none":
      return null;
    case "simulator":
      return createSimulatorAdapter(configOf(operator), { caller: callerFor(operator), db: deps.db, now: deps.now });
    case "cisco_control_center":
      return createCiscoControlCenterAdapter(configOf(operator), {
        caller: callerFor(operator),
        now: deps.now,
        ...(deps.fetch && { fetch: deps.fetch }),
      });
    default: {
      const unknown: never = driver;
      throw new Error(`Unknown operator driver ${String(unknown)}`);
    }
  }
}

// What a driver can do, without building it (no settings parsed, no credentials decrypted): for
// pages and requests that only need to know which operations to offer.
export function capabilitiesOfDriver(driver: DriverName): ReadonlySet<Capability> {
  switch (driver) {
    case "none":
      return NO_CAPABILITIES;
    case "simulator":
      return SIMULATOR_CAPABILITIES;
    case "cisco_control_center":
      return CONTROL_CENTER_CAPABILITIES;
    default: {
      const unknown: never = driver;
      throw new Error(`Unknown operator driver ${String(unknown)}`);
    }
  }
}

const NO_CAPABILITIES: ReadonlySet<Capability> = new Set();

export function capabilitiesOf(adapter: OperatorAdapter | null): Capability[] {
  return adapter ? [...adapter.capabilities] : [];
}
