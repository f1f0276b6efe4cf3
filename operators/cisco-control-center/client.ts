import type { z } from "zod";
import { createHttpClient, type ErrorAnswer } from "../http";
import type { OperatorCaller } from "../resilience";
import { OperatorError, type OperatorErrorKind } from "../types";
import { formatRequestDate } from "./dates";
import type { Pacer } from "./pacing";
import {
  ctdUsagesSchema,
  deviceDetailsSchema,
  deviceListPageSchema,
  editDeviceAnswerSchema,
  errorBodySchema,
  sessionInfoSchema,
  type CtdUsages,
  type DeviceDetails,
  type DeviceListPage,
  type SessionInfo,
  type SimStatus,
} from "./schemas";

// Typed calls to the Control Center REST API. Every answer is checked against its schema; one that
// does not match fails that call with invalid_payload.

// Control Center's own error codes (the errorCode of its JSON error answers) that change meaning.
const UNKNOWN_ICCID = "20000001"; // "Resource not found - Invalid ICCID", sent with 404
const RATE_LIMITED = "40000029"; // "Rate Limit Exceeded", the fair-use limit on calls per second
const INVALID_CREDENTIALS = "10000001"; // wrong user name / API key, or a caller IP not allowed

export class ControlCenterError extends OperatorError {
  constructor(
    kind: OperatorErrorKind,
    message: string,
    options: OperatorError["options"],
    readonly errorCode: string | undefined,
  ) {
    super(kind, message, options);
  }
}

// Only Control Center's own "Invalid ICCID" code counts: a bare 404 more likely means a wrong base URL.
export function isUnknownIccid(error: unknown): boolean {
  return error instanceof ControlCenterError && error.errorCode === UNKNOWN_ICCID;
}

function refineError(error: OperatorError, answer: ErrorAnswer): OperatorError {
  const parsed = errorBodySchema.safeParse(answer.body);
  if (!parsed.success || (parsed.data.errorCode === undefined && parsed.data.errorMessage === undefined)) return error;
  const { errorCode, errorMessage } = parsed.data;
  const said = (errorMessage ?? "no message").slice(0, 200);
  const message = `${error.message}: ${said}${errorCode ? ` (${errorCode})` : ""}`;
  const kind = errorCode === RATE_LIMITED ? "rate_limited" : errorCode === INVALID_CREDENTIALS ? "unauthorized" : error.kind;
  return new ControlCenterError(kind, message, error.options, errorCode);
}

function validate<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the answer";
  throw new OperatorError("invalid_payload", `${what}: ${where} ${issue?.message ?? "does not match the documented shape"}`);
}

function sameIccid<T extends { iccid: string }>(payload: T, iccid: string, what: string): T {
  if (payload.iccid !== iccid) throw new OperatorError("invalid_payload", `${what}: answered for another ICCID`);
  return payload;
}

export type ControlCenterClient = {
  searchDevices(query: { modifiedSince: Date; pageNumber: number; pageSize: number }): Promise<DeviceListPage>;
  getDevice(iccid: string): Promise<DeviceDetails>;
  getUsage(iccid: string): Promise<CtdUsages>;
  getSession(iccid: string): Promise<SessionInfo>;
  // `applied` is false when Control Center answered 202 Accepted instead of changing it at once.
  setStatus(iccid: string, status: SimStatus): Promise<{ applied: boolean }>;
};

export type ControlCenterClientOptions = {
  baseUrl: string;
  username: string;
  apiKey: string;
  accountId?: string;
  pace: Pacer;
  caller: OperatorCaller;
  fetch?: typeof fetch;
};

export function createControlCenterClient(options: ControlCenterClientOptions): ControlCenterClient {
  const token = Buffer.from(`${options.username}:${options.apiKey}`).toString("base64");
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: `Basic ${token}` },
    fetch: options.fetch,
    caller: options.caller,
    beforeAttempt: options.pace,
    refineError,
    secrets: [options.apiKey, options.username],
  });
  const device = (iccid: string) => `/devices/${encodeURIComponent(iccid)}`;

  return {
    async searchDevices({ modifiedSince, pageNumber, pageSize }) {
      const { body } = await http.get("/devices", {
        modifiedSince: formatRequestDate(modifiedSince),
        pageSize,
        pageNumber,
        accountId: options.accountId,
      });
      return validate(deviceListPageSchema, body, "Search devices");
    },
    async getDevice(iccid) {
      const { body } = await http.get(device(iccid));
      return sameIccid(validate(deviceDetailsSchema, body, "Device details"), iccid, "Device details");
    },
    async getUsage(iccid) {
      const { body } = await http.get(`${device(iccid)}/ctdUsages`);
      return sameIccid(validate(ctdUsagesSchema, body, "Device usage"), iccid, "Device usage");
    },
    async getSession(iccid) {
      const { body } = await http.get(`${device(iccid)}/sessionInfo`);
      return sameIccid(validate(sessionInfoSchema, body, "Session details"), iccid, "Session details");
    },
    async setStatus(iccid, status) {
      const { status: httpStatus, body } = await http.put(device(iccid), { status });
      validate(editDeviceAnswerSchema, body, "Edit device");
      return { applied: httpStatus !== 202 };
    },
  };
}
