import { describe, expect, it } from "vitest";
import { exactDecimal, invoiceCsv } from "./invoice-csv";

describe("exact decimals", () => {
  it("writes minor units and micros without floating point", () => {
    expect(exactDecimal(985, 2, 2)).toBe("9.85");
    expect(exactDecimal(-1_985, 2, 2)).toBe("-19.85");
    expect(exactDecimal(5, 2, 2)).toBe("0.05");
    expect(exactDecimal(500, 0, 0)).toBe("500");
    // 10,000 micros of a cent per MB = EUR 0.0001 per MB.
    expect(exactDecimal(10_000, 8)).toBe("0.0001");
    expect(exactDecimal(984_567_890, 6)).toBe("984.56789");
    expect(exactDecimal(250_000_000, 6)).toBe("250");
  });
});

describe("an invoice as CSV", () => {
  it("has a row per line and a total, amounts in the currency's major unit", () => {
    const csv = invoiceCsv({
      number: "INV-2026-000001",
      kind: "invoice",
      companyName: "Acme, Inc.",
      currency: "EUR",
      periodStart: "2026-03-01",
      totalMinor: 1_485,
      lines: [
        { iccid: "8934070000000000001", planName: "Fleet", kind: "monthly_fee", description: "Monthly fee, 250 MB included", usageBytes: 1_234_567_890, includedBytes: 250_000_000, billableBytes: null, ratePerMbMicros: null, amountMinor: 500 },
        { iccid: "8934070000000000001", planName: "Fleet", kind: "overage", description: "Data beyond the included 250 MB: 984.56789 MB", usageBytes: 1_234_567_890, includedBytes: 250_000_000, billableBytes: 984_567_890, ratePerMbMicros: 1_000_000, amountMinor: 985 },
      ],
    });
    expect(csv.split("\r\n")).toEqual([
      "document,number,company,period,currency,iccid,plan,line,description,usage_mb,included_mb,billable_mb,rate_per_mb,amount",
      'invoice,INV-2026-000001,"Acme, Inc.",2026-03,EUR,8934070000000000001,Fleet,monthly fee,"Monthly fee, 250 MB included",1234.56789,250,,,5.00',
      "invoice,INV-2026-000001,\"Acme, Inc.\",2026-03,EUR,8934070000000000001,Fleet,data beyond included,Data beyond the included 250 MB: 984.56789 MB,1234.56789,250,984.56789,0.01,9.85",
      'invoice,INV-2026-000001,"Acme, Inc.",2026-03,EUR,,,total,,,,,,14.85',
      "",
    ]);
  });

  it("keeps a credit note's negative amounts numeric", () => {
    const csv = invoiceCsv({
      number: "INV-2026-000002",
      kind: "credit_note",
      companyName: "Acme",
      currency: "EUR",
      periodStart: "2026-03-01",
      totalMinor: -1_985,
      lines: [{ iccid: "8934070000000000001", planName: "Fleet", kind: "monthly_fee", description: "Credit: Monthly fee", usageBytes: 0, includedBytes: 0, billableBytes: null, ratePerMbMicros: null, amountMinor: -1_985 }],
    });
    expect(csv.split("\r\n").slice(1, 3)).toEqual([
      "credit note,INV-2026-000002,Acme,2026-03,EUR,8934070000000000001,Fleet,monthly fee,Credit: Monthly fee,0,0,,,-19.85",
      "credit note,INV-2026-000002,Acme,2026-03,EUR,,,total,,,,,,-19.85",
    ]);
  });
});
