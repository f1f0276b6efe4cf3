import { z } from "zod";
import { isProduction } from "@/lib/env";

// An operator row's settings and credentials for this driver. Defaults follow Control Center's
// published fair-use policy (one call at a time, at most 5 calls per second, 50 records per page);
// operators that grant an account more can raise them here.

const API_PATH = "/rws/api/v1";

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`);

// Forms store numbers as text; both are read.
function numberSetting(schema: z.ZodNumber) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), schema);
}

// Accepts the base URL with or without the API path, the way operators hand it out.
function apiBase(raw: string): string {
  const url = new URL(raw);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith(API_PATH) ? path : `${path}${API_PATH}`;
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

const baseUrlSchema = z
  .string({ error: required("a URL") })
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://restapi1.jasper.com/rws/api/v1" }))
  .refine((v) => {
    const url = new URL(v);
    return url.username === "" && url.password === "";
  }, "must not contain a user name or password (they belong in the credentials)");

// Plain http would send the API key (Basic auth) in clear: allowed only outside production, for the
// local fake Control Center and tests.
function baseUrlSetting(production: boolean) {
  const checked = production
    ? baseUrlSchema.refine((v) => new URL(v).protocol === "https:", "must be an https URL in production")
    : baseUrlSchema;
  return checked.transform(apiBase);
}

function settingsSchema(production: boolean) {
  return z.object({
    baseUrl: baseUrlSetting(production),
    accountId: z
      .union([z.string().trim().regex(/^\d*$/, "must be the account's numeric id"), z.number().int().nonnegative()], {
        error: "must be the account's numeric id",
      })
      .transform((v) => (String(v) === "" ? undefined : String(v)))
      .optional(),
    concurrency: numberSetting(z.number().int().min(1).max(64, "must be at most 64")).default(1),
    requestsPerSecond: numberSetting(z.number().min(0, "must be 0 (unpaced) or more").max(10_000)).default(5),
    pageSize: numberSetting(z.number().int().min(1).max(50, "must be at most 50, Control Center's page limit")).default(50),
    cycleStartDay: numberSetting(z.number().int().min(1).max(28, "must be a day from 1 to 28")).default(1),
  });
}
export type ControlCenterSettings = z.infer<ReturnType<typeof settingsSchema>>;

const credentialsSchema = z.object({
  username: z.string({ error: required("text") }).trim().min(1, "is required"),
  apiKey: z.string({ error: required("text") }).trim().min(1, "is required"),
});
export type ControlCenterCredentials = z.infer<typeof credentialsSchema>;

// `production` defaults to the environment's; tests pass it.
export function parseSettings(raw: Record<string, unknown>, options: { production?: boolean } = {}): ControlCenterSettings {
  return parseOrThrow(settingsSchema(options.production ?? isProduction()), raw, "settings");
}

// zod never echoes an input in these messages, so the API key cannot leak through them.
export function parseCredentials(raw: Record<string, string>): ControlCenterCredentials {
  return parseOrThrow(credentialsSchema, raw, "credentials");
}

function parseOrThrow<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid Cisco Control Center ${what}:\n${lines.join("\n")}`);
}
