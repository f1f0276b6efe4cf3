import { describe, expect, it } from "vitest";
import { formatAnswerDate, formatRequestDate, parseControlCenterDate } from "./dates";
import ctdUsagesBlank from "./fixtures/ctd-usages-blank-sim.json";
import ctdUsages from "./fixtures/ctd-usages.json";
import deviceDetails from "./fixtures/device-details.json";
import deviceListPage from "./fixtures/device-list-page.json";
import errorInvalidIccid from "./fixtures/error-invalid-iccid.json";
import sessionActive from "./fixtures/session-info-active.json";
import sessionEnded from "./fixtures/session-info-ended.json";
import sessionNever from "./fixtures/session-info-never.json";
import {
  ctdUsagesSchema,
  deviceDetailsSchema,
  deviceListPageSchema,
  errorBodySchema,
  sessionInfoSchema,
  SIM_STATUSES,
} from "./schemas";
import { cycleStartOf, inSession, lineState, toSimReport, toUsageReport } from "./transform";

const observedAt = new Date("2025-03-14T10:00:00Z");

describe("Control Center payloads → normalized records", () => {
  it("turns an active SIM's usage and live session into a report and a cycle total", () => {
    const usage = ctdUsagesSchema.parse(ctdUsages);
    const session = sessionInfoSchema.parse(sessionActive);
    expect(toSimReport(usage, session)).toEqual({
      iccid: "8901260882291743216",
      state: "active",
      msisdn: "15558674321",
      imsi: "310170845017432",
      inSession: true,
    });
    expect(toUsageReport(usage, observedAt)).toEqual({
      kind: "cycleTotal",
      iccid: "8901260882291743216",
      cycleStart: "2025-03-01",
      totalBytes: 734003200,
      observedAt,
      mccMnc: null,
    });
  });

  it("reads a Blank SIM's empty MSISDN and IMSI as null, and a SIM never in session as not in session", () => {
    const report = toSimReport(ctdUsagesSchema.parse(ctdUsagesBlank), sessionInfoSchema.parse(sessionNever));
    expect(report).toEqual({ iccid: "8901260882291743224", state: "ready", msisdn: null, imsi: null, inSession: false });
  });

  it("says a SIM whose last session ended is not in session, and null when there is no session answer", () => {
    expect(inSession(sessionInfoSchema.parse(sessionEnded))).toBe(false);
    expect(inSession(null)).toBeNull();
  });

  it("treats an end older than the start as the previous session's end", () => {
    const session = sessionInfoSchema.parse({
      ...sessionEnded,
      dateSessionStarted: "2025-03-11 08:00:00.000+0000",
      dateSessionEnded: "2025-03-10 01:37:19.880+0000",
    });
    expect(inSession(session)).toBe(true);
  });

  it("maps every Control Center status onto a line state", () => {
    const mapped = Object.fromEntries(SIM_STATUSES.map((s) => [s, lineState(s)]));
    expect(mapped).toEqual({
      ACTIVATION_READY: "ready",
      ACTIVATED: "active",
      DEACTIVATED: "suspended",
      INVENTORY: "ready",
      PURGED: "retired",
      REPLACED: "retired",
      RETIRED: "retired",
      TEST_READY: "ready",
    });
  });

  it("puts the cycle on the UTC calendar month by default, or on the account's cycle day", () => {
    expect(cycleStartOf(new Date("2025-03-31T23:59:59Z"))).toBe("2025-03-01");
    expect(cycleStartOf(new Date("2025-03-01T00:00:00Z"))).toBe("2025-03-01");
    expect(cycleStartOf(observedAt, 15)).toBe("2025-02-15");
    expect(cycleStartOf(new Date("2025-03-15T00:00:00Z"), 15)).toBe("2025-03-15");
    expect(cycleStartOf(new Date("2025-01-10T12:00:00Z"), 15)).toBe("2024-12-15");
  });
});

describe("Control Center schemas", () => {
  it("reads device details, dropping the fields the driver does not use", () => {
    const details = deviceDetailsSchema.parse(deviceDetails);
    expect(details.dateActivated?.toISOString()).toBe("2024-11-04T09:12:45.120Z");
    expect(details).toMatchObject({ iccid: "8901260882291743216", status: "ACTIVATED", imei: "356938035643809" });
    expect(details).not.toHaveProperty("accountCustom1");
  });

  it("reads a device list page and an error answer", () => {
    const page = deviceListPageSchema.parse(deviceListPage);
    expect(page.lastPage).toBe(false);
    expect(page.devices.map((d) => d.status)).toEqual(["ACTIVATED", "TEST_READY", "DEACTIVATED"]);
    expect(errorBodySchema.parse(errorInvalidIccid)).toEqual({ errorMessage: "Resource not found - Invalid ICCID", errorCode: "20000001" });
    expect(errorBodySchema.parse({ errorCode: 20000001 }).errorCode).toBe("20000001");
  });

  it.each([
    ["usage that is not a number", { ctdDataUsage: "734003200" }],
    ["negative usage", { ctdDataUsage: -1 }],
    ["a status Control Center does not document", { status: "SUSPENDED" }],
    ["an ICCID that is not digits", { iccid: "89012608822917432AB" }],
    ["an MSISDN that is not a number", { msisdn: "call me" }],
  ])("refuses usage with %s", (_, change) => {
    expect(ctdUsagesSchema.safeParse({ ...ctdUsages, ...change }).success).toBe(false);
  });

  it("refuses a session date it cannot read", () => {
    expect(sessionInfoSchema.safeParse({ ...sessionActive, dateSessionStarted: "yesterday" }).success).toBe(false);
  });
});

describe("Control Center dates", () => {
  it.each([
    ["2016-06-29 00:21:33.339+0000", "2016-06-29T00:21:33.339Z"],
    ["2016-04-18T17:31:34+00:00", "2016-04-18T17:31:34.000Z"],
    ["2016-04-18T19:31:34+0200", "2016-04-18T17:31:34.000Z"],
    ["2016-04-18T17:31:34Z", "2016-04-18T17:31:34.000Z"],
    ["2016-04-18 17:31:34", "2016-04-18T17:31:34.000Z"],
    ["2016-04-18T17:31:34.123456-05", "2016-04-18T22:31:34.123Z"],
  ])("reads %s", (text, iso) => {
    expect(parseControlCenterDate(text)?.toISOString()).toBe(iso);
  });

  it("refuses what is not a timestamp, and writes both forms", () => {
    expect(parseControlCenterDate("2016-13-45 99:00:00")).toBeNull();
    expect(parseControlCenterDate("last tuesday")).toBeNull();
    const date = new Date("2025-03-14T10:00:00.250Z");
    expect(formatRequestDate(date)).toBe("2025-03-14T10:00:00+00:00");
    expect(formatAnswerDate(date)).toBe("2025-03-14 10:00:00.250+0000");
  });
});
