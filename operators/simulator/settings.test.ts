import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DEFAULT_ROAMING_MCC_MNCS, parseSimulatorSettings } from "./settings";

const OPERATOR = "6f1c1f5e-0b8e-4d4a-9d39-0d3c8b6a2f11";
const parse = (settings: Record<string, unknown>) => parseSimulatorSettings({ operatorId: OPERATOR, settings });

function messageOf(settings: Record<string, unknown>): string {
  try {
    parse(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the settings to be refused");
}

describe("simulator settings", () => {
  it("fills every setting with a lively default", () => {
    const s = parse({});
    expect(s).toMatchObject({
      slotMinutes: 5,
      latencyMs: 10,
      operationDelaySeconds: 20,
      retryAfterSeconds: 2,
      failureRates: { timeout: 0.02, rateLimited: 0.02, server: 0.02, unknownSim: 0.01, operation: 0.02 },
    });
    expect(s.roamingMccMncs).toEqual([...DEFAULT_ROAMING_MCC_MNCS]);
    expect(s.homeMccMnc).toBeUndefined();
    expect(s.faultAttempts).toBeUndefined();
  });

  it("derives a stable seed per operator unless one is given", () => {
    expect(parse({}).seed).toBe(parse({}).seed);
    expect(parseSimulatorSettings({ operatorId: "other", settings: {} }).seed).not.toBe(parse({}).seed);
    expect(parse({ seed: 42 }).seed).toBe(42);
  });

  it("keeps the defaults of failure rates that are not set", () => {
    expect(parse({ failureRates: { server: 0.5 } }).failureRates).toEqual({
      timeout: 0.02,
      rateLimited: 0.02,
      server: 0.5,
      unknownSim: 0.01,
      operation: 0.02,
    });
  });

  it("ignores settings that belong to the call policy or other drivers", () => {
    expect(parse({ timeoutMs: 5000, maxAttempts: 2 }).slotMinutes).toBe(5);
  });

  it("names the bad setting in its error", () => {
    expect(messageOf({ failureRates: { server: 2 } })).toContain('"failureRates.server"');
    expect(messageOf({ slotMinutes: 0 })).toContain('"slotMinutes"');
    expect(messageOf({ homeMccMnc: "21A07" })).toContain('"homeMccMnc"');
    expect(messageOf({ roamingMccMncs: ["26201", "x"] })).toContain('"roamingMccMncs.1"');
    expect(messageOf({ failureRates: { timeout: 0.5, rateLimited: 0.4, server: 0.2 } })).toContain("must not exceed 1");
  });
});
