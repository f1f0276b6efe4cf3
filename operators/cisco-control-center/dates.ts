// Control Center writes timestamps as "2016-06-29 00:21:33.339+0000" in its answers (its
// published examples) and takes ISO 8601 ("2016-04-18T17:31:34+00:00") in its requests; some
// deployments answer in ISO 8601 too, so both are read.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseControlCenterDate(value: string): Date | null {
  const match = TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const [, day, time, fraction, zone] = match;
  const millis = (fraction ?? "").padEnd(3, "0").slice(0, 3);
  // A timestamp without a zone is UTC, as everything else Control Center writes.
  const offset = !zone || zone === "Z" ? "Z" : zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${day}T${time}.${millis}${offset}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

// The form Control Center documents for request parameters such as modifiedSince.
export function formatRequestDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

// The form Control Center uses in its answers (used by the fake server and fixtures).
export function formatAnswerDate(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "+0000");
}
