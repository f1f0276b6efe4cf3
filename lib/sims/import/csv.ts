// RFC 4180 reading: quoted fields may hold commas, quotes ("") and line breaks, so a record is
// not a line. Each record keeps the line number it starts on, for error messages.
export type CsvRecord = { line: number; fields: string[] };

export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === "\n") line += 1;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i += 1;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = "";
      line += 1;
      start = line;
    } else field += c;
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  // Blank lines (often a trailing one) are not rows.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0]?.trim() === ""));
}
