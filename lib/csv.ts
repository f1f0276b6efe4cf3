// RFC 4180 fields, plus a guard against formula injection: a spreadsheet would run a cell that
// starts with = + - @ (or a tab/CR), so such text is prefixed with an apostrophe. A plain decimal
// ("-2.50", an amount written exactly as a string) is a number, not a formula, and stays one.
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !DECIMAL.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
