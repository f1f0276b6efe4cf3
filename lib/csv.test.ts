import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv";

describe("csv", () => {
  it("quotes fields with commas, quotes and line breaks", () => {
    expect(csvField('Truck 14, "Rotterdam"')).toBe('"Truck 14, ""Rotterdam"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("plain")).toBe("plain");
  });

  it("neutralises spreadsheet formulas in text but not numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField(-5)).toBe("-5");
  });

  it("writes an amount given as an exact decimal string as a number, and still guards a formula that starts like one", () => {
    expect(csvField("-2.50")).toBe("-2.50");
    expect(csvField("-0.00000001")).toBe("-0.00000001");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("-")).toBe("'-");
  });

  it("writes empty fields for missing values and ends rows with CRLF", () => {
    expect(csvRow(["a", null, undefined, 0])).toBe("a,,,0\r\n");
  });
});
