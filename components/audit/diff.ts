// The compact "before → after" of an audit entry: only the keys whose value changed, each value
// shortened to one line. The writers never store secrets, but the log keeps whatever they wrote
// forever, so anything named like a secret is hidden here whatever its depth (a boolean such as
// `credentialsChanged` says nothing secret and is shown).

export const SECRET_KEY = /secret|password|api_?key|credential|token/i;
export const HIDDEN = "(hidden)";
const MAX_TEXT = 80;
const MAX_LINES = 6;

export type DiffLine = { key: string; before: string; after: string };
export type Diff = { lines: DiffLine[]; more: number };

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value with every secret-named key's value replaced, at any depth. */
export function redact(value: unknown, key = ""): unknown {
  if (key && SECRET_KEY.test(key) && typeof value !== "boolean" && value !== null && value !== undefined) return HIDDEN;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

// jsonb keeps its own key order, so equality is judged on a canonical form.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isPlain(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? "undefined";
}

/** One line of text for a (redacted) value; "—" where the key is absent. */
export function show(value: unknown): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? (value === HIDDEN ? value : JSON.stringify(value)) : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}

// Changes are found on the stored values and shown redacted, so a changed secret still shows as
// a changed key, with both values hidden.
export function auditDiff(before: unknown, after: unknown): Diff {
  const b = before ?? undefined;
  const a = after ?? undefined;
  let lines: DiffLine[];
  if (isPlain(b) || isPlain(a)) {
    const from = isPlain(b) ? b : {};
    const to = isPlain(a) ? a : {};
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    lines = keys
      .filter((k) => canonical(from[k]) !== canonical(to[k]))
      .map((k) => ({ key: k, before: show(redact(from[k], k)), after: show(redact(to[k], k)) }));
  } else {
    lines = canonical(b) === canonical(a) ? [] : [{ key: "", before: show(redact(b)), after: show(redact(a)) }];
  }
  return { lines: lines.slice(0, MAX_LINES), more: Math.max(0, lines.length - MAX_LINES) };
}
