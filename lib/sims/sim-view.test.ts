import { describe, expect, it } from "vitest";
import { dataLeftCell, daysLeft, daysLeftCell, inSessionLabel, type SimFacts, thisMonthCell } from "./sim-view";

const NOW = new Date("2026-11-26T12:00:00Z");
const prepaid: SimFacts = {
  operatorDriver: "simulator",
  inSession: true,
  simType: "prepaid",
  planId: "plan",
  companyName: "Acme",
  storeUse: false,
  dataLeftBytes: 1_234_567_890,
  validUntil: new Date("2026-12-01T00:00:00Z"),
  monthUsageBytes: 5_500_000,
  monthUsagePeriod: "2026-11-01",
};

describe("SIM columns", () => {
  it("shows data left in whole MB, rounded down, and days left rounded up", () => {
    expect(dataLeftCell(prepaid, NOW).text).toBe("1,234");
    expect(daysLeftCell(prepaid, NOW).text).toBe("5");
    expect(daysLeft(new Date("2026-11-26T13:00:00Z"), NOW)).toBe(1);
    expect(daysLeft(new Date("2026-11-20T00:00:00Z"), NOW)).toBe(0);
  });

  it("never shows data left on an expired plan", () => {
    expect(dataLeftCell({ ...prepaid, validUntil: new Date("2026-11-01T00:00:00Z") }, NOW).text).toBe("0");
    expect(dataLeftCell({ ...prepaid, dataLeftBytes: -5 }, NOW).text).toBe("0");
  });

  it("counts this month's usage only for the current month", () => {
    expect(thisMonthCell(prepaid, NOW).text).toBe("5");
    expect(thisMonthCell({ ...prepaid, monthUsagePeriod: "2026-10-01" }, NOW).text).toBe("0");
  });

  it("shows N/A where the operator has no integration", () => {
    const none = { ...prepaid, operatorDriver: "none" as const, inSession: null };
    expect(inSessionLabel(none)).toBe("N/A");
    expect(dataLeftCell(none, NOW).text).toBe("N/A");
    expect(thisMonthCell(none, NOW).text).toBe("N/A");
  });

  it("explains why a SIM without a product shows no usage", () => {
    const noCompany = { ...prepaid, companyName: null };
    expect(thisMonthCell(noCompany, NOW)).toEqual({ text: "—", hint: expect.stringContaining("plan and a company") });
    expect(thisMonthCell({ ...noCompany, storeUse: true }, NOW).text).toBe("5");
  });

  it("has no data balance outside prepaid", () => {
    expect(dataLeftCell({ ...prepaid, simType: "paygo", dataLeftBytes: null }, NOW).text).toBe("—");
  });
});
