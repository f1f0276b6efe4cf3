import { BYTES_PER_MB } from "@/lib/units";

// Pure shaping of per-day and per-country usage for the SIM detail page. The clock is passed in.
export type DayUsage = { day: string; bytes: number };
// countryCode is null for international networks (MCC 901…) and when the operator did not report
// the visited network at all (networkReported false: cumulative counters carry no network).
export type CountryUsage = { countryCode: string | null; networkReported: boolean; bytes: number };
export type CountryShare = CountryUsage & { share: number };

const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, as "YYYY-MM-DD". */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * The last `days` UTC days ending today: `from` is the first day's midnight, `to` is tomorrow's
 * (exclusive), so a record started late today still counts.
 */
export function usageWindow(now: Date, days: number): { from: Date; to: Date; days: string[] } {
  const today = startOfUtcDay(now);
  const from = new Date(today.getTime() - (days - 1) * DAY_MS);
  const list = Array.from({ length: days }, (_, i) => utcDay(new Date(from.getTime() + i * DAY_MS)));
  return { from, to: new Date(today.getTime() + DAY_MS), days: list };
}

/**
 * One entry per day of the window, oldest first, with 0 for days without usage. Rows for days
 * outside the window are ignored; two rows for one day are added up.
 */
export function zeroFillDays(rows: readonly DayUsage[], now: Date, days: number): DayUsage[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.day, (totals.get(row.day) ?? 0) + row.bytes);
  return usageWindow(now, days).days.map((day) => ({ day, bytes: totals.get(day) ?? 0 }));
}

function compareCodes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Each country's part of the total (0..1), largest first; on a tie, by code with international last. */
export function countryShares(rows: readonly CountryUsage[]): CountryShare[] {
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  return rows
    .map((r) => ({ ...r, share: total > 0 ? r.bytes / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes || compareCodes(a.countryCode, b.countryCode));
}

/**
 * Usage in MB for reading, not for billing: small amounts keep a decimal or two so that a day
 * with 400 KB does not read as "0". Data left elsewhere is floored (lib/units.ts formatMb).
 */
export function formatUsageMb(bytes: number): string {
  const mb = bytes / BYTES_PER_MB;
  const digits = mb === 0 || mb >= 10 ? 0 : mb >= 1 ? 1 : 2;
  return mb.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** "12.5%" with one decimal; "<0.1%" rather than a misleading "0.0%" for a non-zero share. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.001) return "<0.1%";
  return `${(share * 100).toFixed(1)}%`;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10] as const;
// Below this the axis would count kilobytes in fractions of a MB; an empty or tiny chart reads
// better on a 0–1 MB scale.
const MIN_AXIS_MB = 1;

/**
 * A y axis in MB with 3 or 4 equal intervals on round numbers (1, 2, 2.5, 5 × 10^n) covering
 * `maxMb`. Returns the tick values from 0 to the top.
 */
export function niceAxis(maxMb: number): number[] {
  const max = Math.max(maxMb, MIN_AXIS_MB);
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = (NICE_STEPS.find((n) => n * magnitude >= raw) ?? 10) * magnitude;
  const intervals = Math.max(3, Math.ceil(max / step - 1e-9));
  // toPrecision trims float noise such as 0.30000000000000004.
  return Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}
