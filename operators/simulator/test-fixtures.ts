import { getDb } from "@/db";
import { operators, sims } from "@/db/schema";
import { luhnCheckDigit } from "@/lib/sims/luhn";
import { DEFAULT_POLICY, OperatorCaller, type CallPolicy } from "../resilience";
import type { OperatorAdapter } from "../types";
import { createSimulatorAdapter } from "./adapter";

// Fixtures for the simulator's database tests: an operator, portal SIMs, and an adapter on an
// injected clock whose caller never really sleeps between retries.

export type PortalStatus = typeof sims.$inferInsert.status;
export type SimFixture = { status: PortalStatus; msisdn?: string | null; imsi?: string | null; statusChangedAt?: Date; storeUse?: boolean };

// No faults, no latency: a test turns on only what it looks at.
export const QUIET = {
  seed: 1,
  latencyMs: 0,
  failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 },
} as const;

let sequence = 0;

export function iccidFor(n: number): string {
  const body = `893407${String(n).padStart(12, "0")}`;
  return body + luhnCheckDigit(body);
}

export async function createOperator(name: string): Promise<string> {
  const [row] = await getDb()
    .insert(operators)
    .values({ name, countryCode: "ES", currency: "EUR", driver: "simulator" })
    .returning({ id: operators.id });
  if (!row) throw new Error("operator fixture");
  return row.id;
}

// Inserts SIMs with fresh ICCIDs; a line (MSISDN, IMSI) unless msisdn is given as null.
export async function insertSims(operatorId: string, fixtures: readonly SimFixture[], changedAt: Date): Promise<string[]> {
  if (fixtures.length === 0) return [];
  const rows = fixtures.map((f) => {
    sequence += 1;
    return {
      iccid: iccidFor(sequence),
      formFactor: "physical" as const,
      operatorId,
      status: f.status,
      msisdn: f.msisdn === undefined ? `346${String(sequence).padStart(8, "0")}` : f.msisdn,
      imsi: f.imsi === undefined ? `21407${String(sequence).padStart(10, "0")}` : f.imsi,
      statusChangedAt: f.statusChangedAt ?? changedAt,
      storeUse: f.storeUse ?? false,
    };
  });
  await getDb().insert(sims).values(rows);
  return rows.map((r) => r.iccid);
}

export type TestClock = { now: Date };

export function testAdapter(
  operatorId: string,
  settings: Record<string, unknown>,
  clock: TestClock,
  options: { policy?: Partial<CallPolicy>; delays?: number[] } = {},
): OperatorAdapter {
  const caller = new OperatorCaller(
    { ...DEFAULT_POLICY, ...options.policy },
    {
      sleep: async (ms) => {
        options.delays?.push(ms);
      },
      random: () => 0.5,
    },
  );
  return createSimulatorAdapter(
    { operatorId, operatorName: "Simnet", settings: { ...QUIET, ...settings }, credentials: {} },
    { caller, db: getDb(), now: () => clock.now },
  );
}
