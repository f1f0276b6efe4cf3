import { csvRow } from "@/lib/csv";

// An invoice or credit note as CSV, one row per line and a total row. Amounts are exact decimals
// in the currency's major unit ("9.85"), rates per MB with all their digits ("0.0001"), data in
// MB (1 MB = 1,000,000 bytes): what an accounts team pastes into a spreadsheet without surprises.

export type CsvLine = {
  iccid: string;
  planName: string;
  kind: string;
  description: string;
  usageBytes: number;
  includedBytes: number;
  billableBytes: number | null;
  ratePerMbMicros: number | null;
  amountMinor: number;
};

export type CsvInvoice = { number: string; kind: string; companyName: string; currency: string; periodStart: string; totalMinor: number };

export const INVOICE_CSV_HEADER = [
  "document",
  "number",
  "company",
  "period",
  "currency",
  "iccid",
  "plan",
  "line",
  "description",
  "usage_mb",
  "included_mb",
  "billable_mb",
  "rate_per_mb",
  "amount",
];

// A non-negative or negative integer divided by 10^scale, written exactly without trailing zeros
// beyond `minScale` decimals.
export function exactDecimal(value: number, scale: number, minScale = 0): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.abs(value)).padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minScale && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const DOCUMENT: Record<string, string> = { invoice: "invoice", credit_note: "credit note" };

// Streams: the header row, then lines batch by batch, then the total.
export function invoiceCsvWriter(invoice: CsvInvoice) {
  const digits = minorDigits(invoice.currency);
  const money = (minor: number) => exactDecimal(minor, digits, digits);
  const mb = (bytes: number | null) => (bytes === null ? null : exactDecimal(bytes, 6));
  const common = [DOCUMENT[invoice.kind] ?? invoice.kind, invoice.number, invoice.companyName, invoice.periodStart.slice(0, 7), invoice.currency];
  return {
    header: () => csvRow(INVOICE_CSV_HEADER),
    lines: (lines: readonly CsvLine[]) =>
      lines
        .map((line) =>
          csvRow([
            ...common,
            line.iccid,
            line.planName,
            line.kind === "monthly_fee" ? "monthly fee" : "data beyond included",
            line.description,
            mb(line.usageBytes),
            mb(line.includedBytes),
            mb(line.billableBytes),
            line.ratePerMbMicros === null ? null : exactDecimal(line.ratePerMbMicros, 6 + digits),
            money(line.amountMinor),
          ]),
        )
        .join(""),
    total: () => csvRow([...common, null, null, "total", null, null, null, null, null, money(invoice.totalMinor)]),
  };
}

export function invoiceCsv(invoice: CsvInvoice & { lines: readonly CsvLine[] }): string {
  const writer = invoiceCsvWriter(invoice);
  return writer.header() + writer.lines(invoice.lines) + writer.total();
}
