import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { DriverConfig } from "../types";
import { hashString } from "./random";

// The simulator's tuning, read from the operator's settings (staff edit them like any driver's).
// Defaults make `npm run dev` lively without configuration: a few faults, operations that take
// long enough for Pending to be seen, usage at home and on a trip abroad now and then.

const rate = (fallback: number) => z.number().min(0).max(1).default(fallback);
const mccMnc = z.string().regex(/^\d{5,6}$/, "must be an MCC-MNC of 5 or 6 digits, e.g. 21407");

// Visited networks in ten countries (DE, FR, ES, IT, GB, NL, US, AE, PL, CH); the home country's
// own networks are skipped for each line, so any home network gets foreign roaming.
export const DEFAULT_ROAMING_MCC_MNCS = [
  "26201", "20810", "21401", "22201", "23410", "20404", "310260", "42402", "26002", "22801",
] as const;

const failureRatesSchema = z
  .object({
    timeout: rate(0.02),
    rateLimited: rate(0.02),
    server: rate(0.02),
    unknownSim: rate(0.01),
    operation: rate(0.02),
  })
  .refine((r) => r.timeout + r.rateLimited + r.server <= 1, {
    message: "timeout + rateLimited + server must not exceed 1 (one fault per attempt at most)",
  });

const settingsSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  // Absent: the first five digits of each line's IMSI (MCC + two-digit MNC), which is right
  // for every European and Israeli network; set it for a network with a three-digit MNC.
  homeMccMnc: mccMnc.optional(),
  roamingMccMncs: z.array(mccMnc).min(1).default([...DEFAULT_ROAMING_MCC_MNCS]),
  // Share of a line's days spent abroad; a whole UTC day roams on one network, like a trip.
  roamingRate: rate(0.1),
  slotMinutes: z.number().int().min(1).max(1440).default(5),
  activityRate: rate(0.3),
  sessionRate: rate(0.4),
  meanBytesPerSlot: z.number().int().min(1).max(100_000_000_000).default(200_000),
  // Per slot: a ready line waits about eight hours on average, so a demo shows one now and then.
  firstAttachRate: rate(0.01),
  latencyMs: z.number().int().min(0).max(60_000).default(10),
  operationDelaySeconds: z.number().int().min(0).max(86_400).default(20),
  failureRates: failureRatesSchema.prefault({}),
  retryAfterSeconds: z.number().min(0).max(3600).default(2),
  // Faults hit only the first N attempts of a call (absent: every attempt), so a demo or a test
  // can show a retry that always ends well.
  faultAttempts: z.number().int().min(1).optional(),
});

type ParsedSettings = z.infer<typeof settingsSchema>;
export type FailureRates = ParsedSettings["failureRates"];
export type SimulatorSettings = Omit<ParsedSettings, "seed"> & { seed: number };

// The other drivers' and the call policy's settings (timeoutMs, maxAttempts) share the object,
// so unknown keys are ignored rather than refused.
export function parseSimulatorSettings(config: Pick<DriverConfig, "operatorId" | "settings">): SimulatorSettings {
  const parsed = settingsSchema.safeParse(config.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "settings";
    throw new AppError("invalid_input", `Simulator setting "${where}": ${issue?.message ?? "invalid"}`);
  }
  // Each operator gets its own network by default, stable across restarts.
  return { ...parsed.data, seed: parsed.data.seed ?? hashString(config.operatorId) };
}
