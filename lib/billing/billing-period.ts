// Billing periods are calendar months in the company's time zone (UTC unless it set one):
// [start, end), start inclusive, end exclusive. A month that starts or ends on a daylight-saving
// change simply has that many hours; what counts is local midnight on the 1st.

export type BillingPeriod = {
  timeZone: string;
  // Local calendar days, "YYYY-MM-DD": the first day of the month and the first day of the next.
  start: string;
  end: string;
  // The same boundaries as instants, for comparing with timestamps (usage started_at).
  startAt: Date;
  endAt: Date;
};

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // Throws RangeError for a zone the runtime does not know: better than billing in the wrong one.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

type LocalTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatIn(timeZone).formatToParts(at)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

// How far the zone's wall clock is ahead of UTC at this instant, in milliseconds.
function offsetAt(at: Date, timeZone: string): number {
  const t = localTime(at, timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

// The instant of local midnight on the 1st of a month (month 1-12; 13 rolls into next year).
function monthStartAt(year: number, month: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, 1);
  // Two passes: the offset at the guessed instant may differ from the one at the answer when a
  // daylight-saving change falls between them.
  const first = wall - offsetAt(new Date(wall), timeZone);
  return new Date(wall - offsetAt(new Date(first), timeZone));
}

function day(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1));
  return d.toISOString().slice(0, 10);
}

// The billing month that contains `at`.
export function billingPeriodOf(at: Date, timeZone = "UTC"): BillingPeriod {
  const { year, month } = localTime(at, timeZone);
  return {
    timeZone,
    start: day(year, month),
    end: day(year, month + 1),
    startAt: monthStartAt(year, month, timeZone),
    endAt: monthStartAt(year, month + 1, timeZone),
  };
}

// The last billing month that has fully ended at `at`: what the invoice job bills.
export function previousBillingPeriod(at: Date, timeZone = "UTC"): BillingPeriod {
  const current = billingPeriodOf(at, timeZone);
  return billingPeriodOf(new Date(current.startAt.getTime() - 1), timeZone);
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// "March 2026" for a period starting "2026-03-01".
export function periodLabel(start: string): string {
  const [year, month] = start.split("-");
  return `${MONTH_NAMES[Number(month) - 1] ?? start} ${year ?? ""}`.trim();
}
