import { describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { OperatorCaller } from "../resilience";
import { createCiscoControlCenterAdapter } from "./adapter";
import { parseSettings } from "./settings";

describe("Cisco Control Center settings", () => {
  it("takes the base URL with or without the API path, and applies the documented defaults", () => {
    expect(parseSettings({ baseUrl: "https://restapi1.jasper.com" })).toEqual({
      baseUrl: "https://restapi1.jasper.com/rws/api/v1",
      concurrency: 1,
      requestsPerSecond: 5,
      pageSize: 50,
      cycleStartDay: 1,
    });
    expect(parseSettings({ baseUrl: "https://cc.example/rws/api/v1/" }).baseUrl).toBe("https://cc.example/rws/api/v1");
    expect(parseSettings({ baseUrl: "http://127.0.0.1:8080/proxy" }).baseUrl).toBe("http://127.0.0.1:8080/proxy/rws/api/v1");
  });

  it("refuses a plain http base URL in production, where it would send the API key in clear", () => {
    expect(() => parseSettings({ baseUrl: "http://cc.example" }, { production: true })).toThrow(/baseUrl: must be an https URL in production/);
    expect(parseSettings({ baseUrl: "https://cc.example" }, { production: true }).baseUrl).toBe("https://cc.example/rws/api/v1");
    expect(parseSettings({ baseUrl: "http://cc.example" }, { production: false }).baseUrl).toBe("http://cc.example/rws/api/v1");
  });

  it("reads whether it runs in production from the environment", () => {
    vi.stubEnv("NODE_ENV", "production");
    resetEnvForTests();
    try {
      expect(() => parseSettings({ baseUrl: "http://cc.example" })).toThrow(/https URL in production/);
    } finally {
      vi.unstubAllEnvs();
      resetEnvForTests();
    }
    expect(parseSettings({ baseUrl: "http://cc.example" }).baseUrl).toBe("http://cc.example/rws/api/v1");
  });

  const make = (settings: Record<string, unknown>, credentials: Record<string, string> = { username: "u", apiKey: "secret-key-9" }) => () =>
    createCiscoControlCenterAdapter(
      { operatorId: "op", operatorName: "CC", settings, credentials },
      { caller: new OperatorCaller() },
    );

  it.each([
    [{}, /baseUrl: is required/],
    [{ baseUrl: "ftp://cc.example" }, /baseUrl: must be an http\(s\) URL/],
    [{ baseUrl: "https://user:pw@cc.example" }, /baseUrl: must not contain a user name or password/],
    [{ baseUrl: "https://cc.example", pageSize: 60 }, /pageSize: must be at most 50/],
    [{ baseUrl: "https://cc.example", concurrency: 0 }, /concurrency/],
    [{ baseUrl: "https://cc.example", accountId: "acct-1" }, /accountId: must be the account's numeric id/],
  ])("names the bad setting in %j", (settings, message) => {
    expect(make(settings)).toThrow(message);
  });

  it("names missing credentials without echoing the ones given", () => {
    expect(make({ baseUrl: "https://cc.example" }, { apiKey: "secret-key-9" })).toThrow(/credentials:\n {2}username: is required/);
    expect(make({ baseUrl: "https://cc.example" }, { username: "u", apiKey: " " })).toThrow(/apiKey: is required/);
  });

  it("accepts settings typed into a form, and declares its capabilities", () => {
    const adapter = make({ baseUrl: "https://restapi1.jasper.com/", concurrency: "8", pageSize: "25", accountId: 100020620 })();
    expect(adapter.driver).toBe("cisco_control_center");
    expect([...adapter.capabilities].sort()).toEqual(["activate", "resume", "sessionState", "statusSync", "suspend", "usageRecords"]);
  });
});
