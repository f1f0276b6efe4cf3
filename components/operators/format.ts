import { formatMb } from "@/lib/units";

// Times and durations on the operators pages: relative for the eye ("2 min ago"), with the
// absolute UTC time (lib/format) alongside in a title. Pure: the clock is passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function amount(ms: number): string {
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  return days === 1 ? "1 day" : `${days} days`;
}

/** "just now", "2 min ago", "3 h ago", "5 days ago"; "in 4 min" for a time still to come. */
export function formatRelative(date: Date, now: Date): string {
  const delta = now.getTime() - date.getTime();
  if (Math.abs(delta) < 10_000) return "just now";
  return delta > 0 ? `${amount(delta)} ago` : `in ${amount(-delta)}`;
}

/** "850 ms", "12.4 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `${value} ms`;
  if (value < MINUTE) return `${(Math.floor(value / 100) / 10).toFixed(1)} s`;
  if (value < HOUR) {
    const seconds = Math.floor((value % MINUTE) / 1000);
    return seconds === 0 ? `${Math.floor(value / MINUTE)} min` : `${Math.floor(value / MINUTE)} min ${seconds} s`;
  }
  const mins = Math.floor((value % HOUR) / MINUTE);
  return mins === 0 ? `${Math.floor(value / HOUR)} h` : `${Math.floor(value / HOUR)} h ${mins} min`;
}

/** "14:05 UTC": a time within the next hour or so, where the date goes without saying. */
export function formatClock(date: Date): string {
  return `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")} UTC`;
}

/** Data moved by a sync run: whole MB from 10 MB up, two decimals below (rounded down, like every MB figure). */
export function formatRunMb(bytes: number): string {
  if (bytes >= 10_000_000 || bytes === 0) return formatMb(bytes);
  return (Math.floor(bytes / 10_000) / 100).toFixed(2);
}
