import { describe, it, expect } from "vitest";
import { countryForMccMnc, countryName } from "./countries";

describe("countryForMccMnc", () => {
  it("maps MCC-MNC strings with and without a separator", () => {
    expect(countryForMccMnc("23410")).toEqual({ code: "GB", name: "United Kingdom" });
    expect(countryForMccMnc("234-10")).toEqual({ code: "GB", name: "United Kingdom" });
    expect(countryForMccMnc("21407")).toEqual({ code: "ES", name: "Spain" });
    expect(countryForMccMnc("425-01")).toEqual({ code: "IL", name: "Israel" });
  });

  it("handles countries with several MCCs", () => {
    expect(countryForMccMnc("23591")?.code).toBe("GB");
    for (const mcc of ["310", "311", "312", "313", "314", "315", "316"]) {
      expect(countryForMccMnc(`${mcc}260`)).toEqual({ code: "US", name: "United States" });
    }
    expect(countryForMccMnc("44010")?.code).toBe("JP");
    expect(countryForMccMnc("44120")?.code).toBe("JP");
  });

  it("covers the operators' home countries and common destinations", () => {
    const expected: Record<string, string> = {
      "20404": "NL", "20801": "FR", "26001": "PL", "26201": "DE", "22201": "IT",
      "26801": "PT", "20601": "BE", "22801": "CH", "23201": "AT", "27201": "IE",
      "302720": "CA", "20201": "GR", "23001": "CZ", "24001": "SE", "23801": "DK",
      "24201": "NO", "28601": "TR", "28001": "CY", "42402": "AE", "50501": "AU",
    };
    for (const [mccMnc, code] of Object.entries(expected)) {
      expect(countryForMccMnc(mccMnc)?.code).toBe(code);
    }
  });

  it("maps 901 to international networks with no country code", () => {
    expect(countryForMccMnc("90128")).toEqual({ code: null, name: "International networks" });
  });

  it("returns null for malformed input", () => {
    for (const input of ["", "234", "2341", "2341000", "23A10", "234--10", "MCC23410"]) {
      expect(countryForMccMnc(input)).toBeNull();
    }
  });

  it("returns null for unknown MCCs", () => {
    expect(countryForMccMnc("99999")).toBeNull();
    expect(countryForMccMnc("00101")).toBeNull();
  });
});

describe("countryName", () => {
  it("names known codes, case-insensitively", () => {
    expect(countryName("ES")).toBe("Spain");
    expect(countryName("gb")).toBe("United Kingdom");
    expect(countryName("US")).toBe("United States");
  });

  it("falls back to the code itself", () => {
    expect(countryName("ZZ")).toBe("ZZ");
    expect(countryName("")).toBe("");
  });
});
