import type { UsageReport } from "./types";

export type CounterRow = { cycleStart: string; totalBytes: number };

// Growth of a cycle-to-date counter since the last reading: the whole total in a new cycle, the
// difference within the same cycle, nothing for a stale reading (an older cycle, or a total that
// did not grow). Returns the counter to store, or null when the reading changes nothing.
export function countUsageGrowth(
  previous: CounterRow | undefined,
  reading: Extract<UsageReport, { kind: "cycleTotal" }>,
): { bytes: number; counter: CounterRow } | null {
  const counter = { cycleStart: reading.cycleStart, totalBytes: reading.totalBytes };
  if (!previous || reading.cycleStart > previous.cycleStart) return { bytes: reading.totalBytes, counter };
  if (reading.cycleStart < previous.cycleStart || reading.totalBytes <= previous.totalBytes) return null;
  return { bytes: reading.totalBytes - previous.totalBytes, counter };
}
