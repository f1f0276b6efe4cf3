import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { operators, syncRuns } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { GET, POST } from "./route";

const SECRET = "cron-secret-for-the-route-test";
process.env.CRON_SECRET = SECRET;
resetEnvForTests();

const call = (job: string, authorization?: string, handler = POST) =>
  handler(new Request(`http://localhost/api/cron/${job}`, { method: "POST", headers: authorization ? { authorization } : {} }), {
    params: Promise.resolve({ job }),
  });

beforeAll(async () => {
  // An operator without integration: the job has nothing to call, but still answers its summary.
  await getDb().insert(operators).values({ name: "No Integration", countryCode: "IL", currency: "ILS", driver: "none" });
});

describe("/api/cron/<job>", () => {
  it("refuses a call without the right bearer token and runs nothing", async () => {
    expect((await call("sync-operators")).status).toBe(401);
    expect((await call("sync-operators", "Bearer not-the-secret")).status).toBe(401);
    expect(await getDb().$count(syncRuns)).toBe(0);
  });

  it("answers 404 for a job that does not exist", async () => {
    const response = await call("drop-everything", `Bearer ${SECRET}`);
    expect(response.status).toBe(404);
  });

  it("runs the job with the secret, by GET or POST, and answers its JSON summary", async () => {
    for (const handler of [GET, POST]) {
      const response = await call("sync-operators", `Bearer ${SECRET}`, handler);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ job: "sync-operators", ok: true, operators: [] });
    }
  });
});
