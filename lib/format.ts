// Dates are shown in UTC with the zone written out, so a screenshot or a support ticket means the
// same thing to everyone who reads it. Built from UTC getters rather than Intl so that the output
// does not depend on the server's locale data or time zone.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "26 Nov" */
export function formatDayMonth(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ""}`;
}

/** "26 Nov 2026" */
export function formatDate(date: Date): string {
  return `${formatDayMonth(date)} ${date.getUTCFullYear()}`;
}

/** "26 Nov 2026, 14:05 UTC" */
export function formatDateTime(date: Date): string {
  return `${formatDate(date)}, ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/** A UTC calendar day written as "YYYY-MM-DD" (how usage is bucketed) read back as a Date. */
export function parseUtcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
