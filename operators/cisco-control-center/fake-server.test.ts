import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeIccid, makeFakeDevices, withLuhnDigit } from "./fake-devices";
import { startFakeControlCenter, type FakeControlCenter } from "./fake-server";

const auth = { authorization: `Basic ${Buffer.from("api-user:test-api-key").toString("base64")}` };
let server: FakeControlCenter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path: string, headers: Record<string, string> = auth) {
  if (!server) throw new Error("no server");
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("fake Control Center", () => {
  it("makes realistic ICCIDs: 19 digits, starting 89, with a valid Luhn digit", () => {
    const iccid = fakeIccid(42);
    expect(iccid).toMatch(/^89\d{17}$/);
    expect(withLuhnDigit(iccid.slice(0, -1))).toBe(iccid);
  });

  it("asks for Basic credentials", async () => {
    server = await startFakeControlCenter({ devices: makeFakeDevices(1) });
    expect(await get(`/devices/${fakeIccid(1)}`, { authorization: "Basic bm9ib2R5Om5vcGU=" })).toEqual({
      status: 401,
      body: { errorMessage: "Invalid credentials", errorCode: "10000001" },
    });
  });

  it("pages devices changed since a date, oldest change first, at most 50 a page", async () => {
    server = await startFakeControlCenter({ devices: makeFakeDevices(120) });
    const since = encodeURIComponent("2025-01-01T00:00:10+00:00");
    expect((await get(`/devices?modifiedSince=${since}&pageSize=51`)).status).toBe(400);
    const first = await get(`/devices?modifiedSince=${since}&pageSize=50&pageNumber=1`);
    const devices = first.body.devices as { iccid: string }[];
    expect(first.body).toMatchObject({ pageNumber: 1, lastPage: false });
    expect(devices[0]?.iccid).toBe(fakeIccid(10));
    const last = await get(`/devices?modifiedSince=${since}&pageSize=50&pageNumber=3`);
    expect(last.body).toMatchObject({ pageNumber: 3, lastPage: true });
    expect(last.body.devices).toHaveLength(11);
  });

  it("answers an unknown ICCID with Control Center's 404 and code", async () => {
    server = await startFakeControlCenter();
    expect(await get(`/devices/${fakeIccid(5)}/ctdUsages`)).toEqual({
      status: 404,
      body: { errorMessage: "Resource not found - Invalid ICCID", errorCode: "20000001" },
    });
  });

  it("consumes queued faults in order and then answers normally", async () => {
    server = await startFakeControlCenter({ devices: makeFakeDevices(1) });
    server.state.faults.push({ path: /ctdUsages/, kind: "429", retryAfterSeconds: 3, times: 1 });
    server.state.faults.push({ path: /ctdUsages/, kind: "500", times: 1 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await get(`/devices/${fakeIccid(1)}/ctdUsages`)).status);
    expect(codes).toEqual([429, 500, 200]);
    expect(server.state.faults).toEqual([]);
  });

  it("enforces a calls-per-second limit with Control Center's rate-limit code when asked to", async () => {
    server = await startFakeControlCenter({ devices: makeFakeDevices(1), maxRequestsPerSecond: 2 });
    const answers = await Promise.all([1, 2, 3].map(() => get(`/devices/${fakeIccid(1)}`)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
  });

  it("closes without waiting for idle keep-alive and hanging connections: it ends them, and refuses calls afterwards", async () => {
    const fake = await startFakeControlCenter({ devices: makeFakeDevices(1) });
    expect((await fetch(`${fake.url}/devices/${fakeIccid(1)}`, { headers: auth })).status).toBe(200);
    fake.state.faults.push({ path: /sessionInfo/, kind: "hang" });
    // The hanging call has no timeout of its own: close() would wait for it for ever (and the test
    // time out) unless it ends the connection itself.
    const hanging = fetch(`${fake.url}/devices/${fakeIccid(1)}/sessionInfo`, { headers: auth }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(fake.state.inFlight).toBe(1));
    await fake.close();
    expect(await hanging).toBeInstanceOf(Error);
    await expect(fetch(`${fake.url}/devices/${fakeIccid(1)}`, { headers: auth })).rejects.toThrow();
  });
});
