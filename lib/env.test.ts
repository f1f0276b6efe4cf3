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
});
