import type { FakeDevice } from "./fake-server";

// Realistic devices for the fake Control Center, fast enough to make 100,000 of them.

// ICCIDs end in a Luhn check digit (ITU-T E.118).
export function withLuhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

export function fakeIccid(index: number): string {
  return withLuhnDigit(`8901260882${String(index).padStart(8, "0")}`);
}

// Mostly live SIMs; every 10th a Blank SIM in TEST_READY, every 7th suspended (DEACTIVATED).
// Even-numbered live SIMs are in a session, the others had one that ended.
export function makeFakeDevice(index: number, overrides: Partial<FakeDevice> = {}): FakeDevice {
  const base = Date.UTC(2025, 0, 1);
  const dateAdded = new Date(base - 90 * 86_400_000 + index * 1000);
  const blank = index % 10 === 0;
  const status = blank ? "TEST_READY" : index % 7 === 0 ? "DEACTIVATED" : "ACTIVATED";
  const live = status === "ACTIVATED";
  const started = new Date(base + (index % 86_400) * 1000);
  return {
    iccid: fakeIccid(index),
    status,
    msisdn: blank ? null : `1555${String(index).padStart(7, "0")}`,
    imsi: blank ? null : `31017${String(index).padStart(10, "0")}`,
    imei: blank ? null : `35693803${String(index).padStart(7, "0")}`,
    ratePlan: blank ? "IoT Test Ready" : "IoT 1GB Pooled",
    communicationPlan: "CP_Data_LTE_M",
    ctdDataUsage: blank ? 0 : (index * 7_919_993) % 1_000_000_000,
    ctdSessionCount: blank ? 0 : (index % 50) + 1,
    sessionStarted: blank ? null : started,
    sessionEnded: blank || (live && index % 2 === 0) ? null : new Date(started.getTime() + 600_000),
    ipAddress: blank ? null : `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    dateAdded,
    dateActivated: blank ? null : new Date(dateAdded.getTime() + 86_400_000),
    dateUpdated: new Date(base + index * 1000),
    ...overrides,
  };
}

export function makeFakeDevices(count: number, first = 1): FakeDevice[] {
  return Array.from({ length: count }, (_, i) => makeFakeDevice(first + i));
}
