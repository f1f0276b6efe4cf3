// The one clock: "days left", "this month" and throttling read it, so tests can set it.
let fixed: Date | undefined;

export function now(): Date {
  return fixed ? new Date(fixed) : new Date();
}

export function setClockForTests(date: Date | undefined): void {
  fixed = date;
}
