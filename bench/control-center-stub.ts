import type { OperatorAdapter, ReadResult } from "@/operators/types";

// A driver stubbed where its HTTP answers would be transformed: for every SIM asked, `perSim`
// usage records in the window (as an operator with a usage-record API reports them), the line
// active, half of the SIMs in a session.
export function recordsAdapter(perSim: number): OperatorAdapter {
  const slotMs = 60_000;
  return {
    driver: "simulator",
    capabilities: new Set(["statusSync", "sessionState", "usageRecords"]),
    maxBatch: 1000,
    testConnection: async () => ({ detail: "stub" }),
    readSims: async (iccids, window): Promise<ReadResult> => {
      const result: ReadResult = { reports: [], usage: [], failures: [] };
      const end = window.until.getTime();
      iccids.forEach((iccid, i) => {
        const n = Number(iccid.slice(-9, -1));
        result.reports.push({ iccid, state: "active", msisdn: `1555${String(n).padStart(7, "0")}`, imsi: `31017${String(n).padStart(10, "0")}`, inSession: i % 2 === 0 });
        for (let k = 0; k < perSim; k++) {
          result.usage.push({ kind: "record", iccid, recordId: `${iccid}:${k}`, startedAt: new Date(end - (k + 1) * slotMs), bytes: 100_000 + ((n * 31 + k) % 900_000), mccMnc: "310260" });
        }
      });
      return result;
    },
    requestOperation: async () => {
      throw new Error("not used");
    },
    operationResult: async () => ({ state: "failed", detail: "not used" }),
  };
}

// An in-process stand-in for Control Center at the HTTP boundary: a `fetch` that answers the two
// calls the adapter makes per SIM (ctdUsages and sessionInfo) without a socket, so the benchmark
// measures the sync path rather than the network. Each run, every SIM's cycle total grows.

const JSON_HEADERS = { "content-type": "application/json" };

export function stubControlCenterFetch(credentials: { username: string; apiKey: string }) {
  let run = 1;
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.apiKey}`).toString("base64")}`;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const auth = new Headers(init?.headers).get("authorization");
    if (auth !== expected) return new Response(JSON.stringify({ errorMessage: "Invalid credentials", errorCode: "10000001" }), { status: 401, headers: JSON_HEADERS });
    const match = /\/devices\/(\d+)\/(ctdUsages|sessionInfo)$/.exec(url.pathname);
    const iccid = match?.[1];
    if (!iccid) return new Response(JSON.stringify({ errorMessage: "Not found" }), { status: 404, headers: JSON_HEADERS });
    const n = Number(iccid.slice(-9, -1));
    if (match[2] === "ctdUsages") {
      return new Response(
        JSON.stringify({
          iccid,
          imsi: `31017${String(n).padStart(10, "0")}`,
          msisdn: `1555${String(n).padStart(7, "0")}`,
          status: "ACTIVATED",
          ratePlan: "IoT 1GB Pooled",
          communicationPlan: "CP_Data_LTE_M",
          ctdDataUsage: run * 1_000_000 + n,
          ctdSMSUsage: 0,
          ctdVoiceUsage: 0,
          ctdSessionCount: run,
        }),
        { status: 200, headers: JSON_HEADERS },
      );
    }
    return new Response(
      JSON.stringify({ iccid, ipAddress: "10.0.0.1", dateSessionStarted: "2026-12-02 09:00:00.000+0000", dateSessionEnded: run % 2 === 0 ? "2026-12-02 09:30:00.000+0000" : null }),
      { status: 200, headers: JSON_HEADERS },
    );
  };
  return { fetch, setRun: (next: number) => (run = next) };
}
