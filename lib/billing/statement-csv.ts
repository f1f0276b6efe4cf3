import { csvRow } from "@/lib/csv";
import { currencyExponent } from "@/lib/plans/plan-amounts";
import { exactDecimal } from "./invoice-csv";

// A wallet's monthly statement as CSV: the opening balance, one row per usage line (SIM x country
// x rate), one per top-up or adjustment, the closing balance. Amounts are exact decimals in the
// major unit with every micro ("-2.469134" EUR cents are "-0.02469134"); usage amounts are
// negative, as they move the balance; data in MB (1 MB = 1,000,000 bytes).

export type StatementCsvInput = {
  companyName: string;
  currency: string;
  month: string;
  timeZone: string;
  openingMicros: number;
  closingMicros: number;
  lines: readonly { iccid: string; countryCode: string | null; bytes: number; ratePerMbMicros: number; chargeMicros: number }[];
  credits: readonly { kind: string; amountMicros: number; occurredAt: Date; note: string | null; createdByEmail: string | null }[];
};

export const STATEMENT_CSV_HEADER = ["company", "period", "time_zone", "currency", "row", "date", "iccid", "country", "usage_mb", "rate_per_mb", "amount", "note", "recorded_by"];

const ROW: Record<string, string> = { top_up: "top-up", adjustment: "adjustment" };

export function statementCsv(statement: StatementCsvInput): string {
  const scale = currencyExponent(statement.currency) + 6;
  const amount = (micros: number) => exactDecimal(micros, scale, scale - 6);
  const common = [statement.companyName, statement.month, statement.timeZone, statement.currency];
  const rows = [csvRow(STATEMENT_CSV_HEADER), csvRow([...common, "opening balance", null, null, null, null, null, amount(statement.openingMicros), null, null])];
  for (const line of statement.lines) {
    rows.push(
      csvRow([
        ...common,
        "usage",
        null,
        line.iccid,
        line.countryCode ?? "unknown",
        exactDecimal(line.bytes, 6),
        exactDecimal(line.ratePerMbMicros, scale, scale - 6),
        amount(-line.chargeMicros),
        null,
        null,
      ]),
    );
  }
  for (const credit of statement.credits) {
    rows.push(
      csvRow([...common, ROW[credit.kind] ?? credit.kind, credit.occurredAt.toISOString(), null, null, null, null, amount(credit.amountMicros), credit.note, credit.createdByEmail]),
    );
  }
  rows.push(csvRow([...common, "closing balance", null, null, null, null, null, amount(statement.closingMicros), null, null]));
  return rows.join("");
}
