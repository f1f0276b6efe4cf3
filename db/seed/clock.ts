// Seed time is counted in whole UTC days relative to the seed clock (day 0 = its UTC day,
// day -1 = the day before), so generated data lines up with calendar days and source keys.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function dayStartMs(clock: Date, day: number): number {
  return utcDayStart(clock.getTime()) + day * DAY_MS;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** First day of the UTC month of `at` ('YYYY-MM-01') and the instants bounding that month. */
export function utcMonth(at: Date): { period: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { period: isoDay(start.getTime()), start, end };
}
