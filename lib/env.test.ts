import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment", () => {
  it("treats empty variables as unset and defaults NODE_ENV", () => {
    expect(parseEnv({ DATABASE_URL: "", PGLITE_DIR: " " })).toMatchObject({ NODE_ENV: "development", DATABASE_URL: undefined, PGLITE_DIR: undefined });
  });

  it("names every bad variable in one clear error", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*AUTH_SECRET: must be at least 32 characters/,
    );
  });

  it("accepts only a 32-byte base64 operator secrets key and on/off for the scheduler", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ OPERATOR_SECRETS_KEY: key, SCHEDULER: "off" })).toMatchObject({ OPERATOR_SECRETS_KEY: key, SCHEDULER: "off" });
    expect(() => parseEnv({ OPERATOR_SECRETS_KEY: "c2hvcnQ=" })).toThrow(/OPERATOR_SECRETS_KEY: must be 32 bytes in base64/);
    expect(() => parseEnv({ SCHEDULER: "yes" })).toThrow(/SCHEDULER/);
  });
});
