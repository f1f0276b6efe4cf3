import { z } from "zod";
import { parseControlCenterDate } from "./dates";

// Raw Control Center REST payloads (rws/api/v1). Extra fields are dropped, never refused, because
// Control Center adds fields per release and per operator; the fields this driver uses are checked.

export const SIM_STATUSES = [
  "ACTIVATION_READY",
  "ACTIVATED",
  "DEACTIVATED",
  "INVENTORY",
  "PURGED",
  "REPLACED",
  "RETIRED",
  "TEST_READY",
] as const;
export type SimStatus = (typeof SIM_STATUSES)[number];

const iccid = z.string().regex(/^\d{18,22}$/, "must be an ICCID of 18 to 22 digits");
const status = z.enum(SIM_STATUSES);

// A Blank SIM has no line: Control Center answers "" or null for its MSISDN and IMSI.
function optionalText(pattern?: RegExp, what = "a valid value") {
  return z
    .string()
    .nullish()
    .transform((value, ctx) => {
      const text = value?.trim() ?? "";
      if (text === "") return null;
      if (pattern && !pattern.test(text)) {
        ctx.addIssue({ code: "custom", message: `must be ${what}` });
        return z.NEVER;
      }
      return text;
    });
}

const timestamp = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    if (value == null || value.trim() === "") return null;
    const date = parseControlCenterDate(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "must be a timestamp such as 2016-06-29 00:21:33.339+0000" });
      return z.NEVER;
    }
    return date;
  });

const msisdn = optionalText(/^\+?\d{5,15}$/, "an MSISDN of up to 15 digits");
const imsi = optionalText(/^\d{6,15}$/, "an IMSI of up to 15 digits");
const count = z.number().int().nonnegative();

// GET /devices/{iccid}/ctdUsages: cycle-to-date usage, and the line's status, MSISDN and IMSI.
export const ctdUsagesSchema = z.object({
  iccid,
  status,
  imsi,
  msisdn,
  ctdDataUsage: count,
  ctdSessionCount: count.nullish(),
});
export type CtdUsages = z.infer<typeof ctdUsagesSchema>;

// GET /devices/{iccid}/sessionInfo: the current or most recent data session (all null if none ever).
export const sessionInfoSchema = z.object({
  iccid,
  dateSessionStarted: timestamp,
  dateSessionEnded: timestamp,
  ipAddress: optionalText(),
  ipv6Address: optionalText(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

// GET /devices/{iccid}
export const deviceDetailsSchema = z.object({
  iccid,
  status,
  imsi,
  msisdn,
  imei: optionalText(),
  ratePlan: optionalText(),
  communicationPlan: optionalText(),
  dateActivated: timestamp,
  dateAdded: timestamp,
  dateUpdated: timestamp,
});
export type DeviceDetails = z.infer<typeof deviceDetailsSchema>;

// GET /devices?modifiedSince=…: oldest change first, at most 50 per page.
export const deviceListPageSchema = z.object({
  pageNumber: z.number().int().positive(),
  lastPage: z.boolean(),
  devices: z.array(
    z.object({ iccid, status, ratePlan: optionalText(), communicationPlan: optionalText() }),
  ),
});
export type DeviceListPage = z.infer<typeof deviceListPageSchema>;

// PUT /devices/{iccid} answers with the ICCID it changed.
export const editDeviceAnswerSchema = z.object({ iccid: iccid.optional() });

// Every error answer: {"errorMessage": "...", "errorCode": "20000001"} (the code is a string).
export const errorBodySchema = z.object({
  errorMessage: z.string().optional(),
  errorCode: z
    .union([z.string(), z.number()])
    .transform((code) => String(code))
    .optional(),
});
export type ControlCenterErrorBody = z.infer<typeof errorBodySchema>;
