import { parseCsv } from "./csv";

export const IMPORT_COLUMNS = [
  "iccid",
  "operator",
  "form_factor",
  "imsi",
  "msisdn",
  "eid",
  "activation_code",
  "confirmation_code",
  "company",
  "plan",
  "labels",
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ["iccid", "operator", "form_factor"];

/** One data row of the file: every known column, trimmed ("" when absent). */
export type RawImportRow = { line: number } & Record<ImportColumn, string>;

export type ParsedImportFile = { ok: true; rows: RawImportRow[] } | { ok: false; error: string };

export const MAX_IMPORT_ROWS = 50_000;

/** Reads the header (case-insensitive column names) and maps each record onto the columns. */
export function parseImportFile(text: string): ParsedImportFile {
  const [header, ...records] = parseCsv(text);
  if (!header) return { ok: false, error: "The file is empty: it needs a header row and at least one SIM." };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(IMPORT_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return { ok: false, error: `Unknown column${unknown.length > 1 ? "s" : ""} in the header: ${unknown.map((n) => `"${n}"`).join(", ")}. Expected: ${IMPORT_COLUMNS.join(", ")}.` };
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) return { ok: false, error: `Column "${repeated[0]}" appears twice in the header.` };
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0) return { ok: false, error: `The header must name the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.` };
  if (records.length === 0) return { ok: false, error: "The file has a header but no SIMs." };
  if (records.length > MAX_IMPORT_ROWS) {
    return { ok: false, error: `The file has ${records.length.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time.` };
  }
  const index = new Map(names.map((name, i) => [name as ImportColumn, i]));
  const rows = records.map(({ line, fields }) => {
    const row = { line } as RawImportRow;
    for (const column of IMPORT_COLUMNS) {
      const i = index.get(column);
      row[column] = i === undefined ? "" : (fields[i] ?? "").trim();
    }
    return row;
  });
  return { ok: true, rows };
}
