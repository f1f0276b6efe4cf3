import type { UsageReport } from "./types";

export type CounterRow = { cycleStart: string; totalBytes: number; observedAt: Date | null };

// Growth of a cycle-to-date counter since the last reading. The operator's counter, not our
// calendar, says when a cycle ended: a total below the last one means the counter was reset, so
// the whole new total is new usage; otherwise only the difference is (an operator that resets
// late, or a cycle start day set wrongly, then never counts anything twice). The first reading
// of a SIM counts whole: it is usage of this cycle the portal has not seen yet. A reading taken
// before the stored one (an overlapping run that read earlier and wrote later) is stale.
// Returns the bytes to record and the counter to store, or null when nothing changed.
export function countUsageGrowth(
  previous: CounterRow | undefined,
  reading: Extract<UsageReport, { kind: "cycleTotal" }>,
): { bytes: number; counter: CounterRow } | null {
  const counter = { cycleStart: reading.cycleStart, totalBytes: reading.totalBytes, observedAt: reading.observedAt };
  if (!previous) return { bytes: reading.totalBytes, counter };
  if (previous.observedAt && reading.observedAt <= previous.observedAt) return null;
  if (reading.totalBytes < previous.totalBytes) return { bytes: reading.totalBytes, counter };
  if (reading.totalBytes === previous.totalBytes) return { bytes: 0, counter };
  return { bytes: reading.totalBytes - previous.totalBytes, counter };
}
