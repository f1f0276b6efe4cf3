import { describe, expect, it } from "vitest";
import { STATEMENT_CSV_HEADER, statementCsv } from "./statement-csv";

describe("statementCsv", () => {
  it("writes balances, usage lines and credits as exact decimals in the major unit", () => {
    const csv = statementCsv({
      companyName: "Acme, Inc.",
      currency: "EUR",
      month: "2026-03",
      timeZone: "Europe/Warsaw",
      openingMicros: 1_000_000_000,
      closingMicros: 1_000_000_000 - 2_469_134 - 1 + 500_000_000 - 250_000_000,
      lines: [
        { iccid: "8934070000000000001", countryCode: "ES", bytes: 1_234_567, ratePerMbMicros: 2_000_000, chargeMicros: 2_469_134 },
        { iccid: "8934070000000000001", countryCode: null, bytes: 50, ratePerMbMicros: 10_000, chargeMicros: 1 },
      ],
      credits: [
        { kind: "top_up", amountMicros: 500_000_000, occurredAt: new Date("2026-03-02T10:00:00Z"), note: "=SUM(A1) transfer", createdByEmail: "staff@example.com" },
        { kind: "adjustment", amountMicros: -250_000_000, occurredAt: new Date("2026-03-03T10:00:00Z"), note: "goodwill", createdByEmail: null },
      ],
    });
    const rows = csv.split("\r\n");
    expect(rows[0]).toBe(STATEMENT_CSV_HEADER.join(","));
    const common = '"Acme, Inc.",2026-03,Europe/Warsaw,EUR';
    expect(rows.slice(1)).toEqual([
      `${common},opening balance,,,,,,10.00,,`,
      `${common},usage,,8934070000000000001,ES,1.234567,0.02,-0.02469134,,`,
      `${common},usage,,8934070000000000001,unknown,0.00005,0.0001,-0.00000001,,`,
      `${common},top-up,2026-03-02T10:00:00.000Z,,,,,5.00,'=SUM(A1) transfer,staff@example.com`,
      `${common},adjustment,2026-03-03T10:00:00.000Z,,,,,-2.50,goodwill,`,
      `${common},closing balance,,,,,,12.47530865,,`,
      "",
    ]);
  });
});
