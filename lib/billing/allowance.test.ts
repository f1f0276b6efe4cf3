import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Allowance, type AllowanceEntry, allowanceOf, dataLeftBytes, refillEntries } from "./allowance";

// Properties of the prepaid allowance rules (allowance.ts), then worked examples with the numbers
// written out. The database side (ingestion, refills, plan grants) is in ledgers.db.test.ts.

const DAY_MS = 86_400_000;
const MB = 1_000_000;
const GB = 1_000_000_000;
const T0 = new Date("2026-03-01T00:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);

// Instants within about a year around T0, to the millisecond.
const instant = fc.integer({ min: -200 * DAY_MS, max: 200 * DAY_MS }).map((ms) => new Date(T0.getTime() + ms));
const bytes = fc.integer({ min: 0, max: 20 * GB });
const entry: fc.Arbitrary<AllowanceEntry> = fc.oneof(
  fc.record({ kind: fc.constant("grant" as const), bytes, validUntil: instant }),
  fc.record({ kind: fc.constant("debit" as const), bytes, validUntil: fc.constant(null) }),
  fc.record({ kind: fc.constant("expire" as const), bytes, validUntil: fc.constant(null) }),
);
const entries = fc.array(entry, { maxLength: 30 });
const allowance: fc.Arbitrary<Allowance> = fc.record({ sum: fc.integer({ min: -20 * GB, max: 20 * GB }), validUntil: fc.option(instant, { nil: null }) });
const pack = fc.record({ dataBytes: fc.integer({ min: 0, max: 20 * GB }), validityDays: fc.integer({ min: 1, max: 400 }) });

// An independent statement of the rules, entry by entry.
function expectedSum(list: readonly AllowanceEntry[]): number {
  let sum = 0;
  for (const e of list) sum += e.kind === "grant" ? e.bytes : -e.bytes;
  return sum;
}
function latestGrantEnd(list: readonly AllowanceEntry[]): number | null {
  const ends = list.filter((e) => e.kind === "grant" && e.validUntil).map((e) => e.validUntil?.getTime() ?? 0);
  return ends.length === 0 ? null : Math.max(...ends);
}

describe("allowanceOf and dataLeftBytes", () => {
  it("sum the ledger (grants minus debits and expiries) and keep the latest grant's end", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const a = allowanceOf(list);
        expect(a.sum).toBe(expectedSum(list));
        expect(a.validUntil?.getTime() ?? null).toBe(latestGrantEnd(list));
      }),
    );
  });

  it("fold: the allowance of a ledger read in two parts is the allowance of the whole", () => {
    fc.assert(
      fc.property(entries, entries, (first, second) => {
        expect(allowanceOf(second, allowanceOf(first))).toEqual(allowanceOf([...first, ...second]));
      }),
    );
  });

  it("does not depend on the order the ledger is read in", () => {
    fc.assert(
      fc.property(entries.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))), ([list, shuffled]) => {
        expect(allowanceOf(shuffled)).toEqual(allowanceOf(list));
      }),
    );
  });

  it("data left is never negative: the floored sum before the validity end, 0 from it on", () => {
    fc.assert(
      fc.property(entries, instant, (list, at) => {
        const a = allowanceOf(list);
        const left = dataLeftBytes(a, at);
        expect(left).toBeGreaterThanOrEqual(0);
        const end = latestGrantEnd(list);
        expect(left).toBe(end !== null && at.getTime() < end ? Math.max(0, expectedSum(list)) : 0);
      }),
    );
  });

  it("more usage never leaves more data", () => {
    fc.assert(
      fc.property(entries, bytes, instant, (list, used, at) => {
        const before = allowanceOf(list);
        const after = allowanceOf([{ kind: "debit", bytes: used, validUntil: null }], before);
        expect(dataLeftBytes(after, at)).toBeLessThanOrEqual(dataLeftBytes(before, at));
        expect(dataLeftBytes(after, at)).toBe(Math.max(0, dataLeftBytes(before, at) === 0 ? 0 : before.sum - used));
      }),
    );
  });
});

describe("refillEntries", () => {
  it("on a valid allowance: one grant of the package, extending from the current end", () => {
    fc.assert(
      fc.property(allowance, pack, instant, (before, p, at) => {
        fc.pre(before.validUntil !== null && before.validUntil > at);
        const end = before.validUntil?.getTime() ?? 0;
        const written = refillEntries(before, p, at);
        expect(written).toEqual([{ kind: "grant", bytes: p.dataBytes, validUntil: new Date(end + p.validityDays * DAY_MS) }]);
        const after = allowanceOf(written, before);
        // Nothing forfeited: the package comes on top of what is left (or covers late usage first).
        expect(after.sum).toBe(before.sum + p.dataBytes);
        expect(dataLeftBytes(after, at)).toBe(Math.max(0, before.sum + p.dataBytes));
      }),
    );
  });

  it("on an expired (or never granted) allowance: forfeits exactly the positive leftover and counts from the refill", () => {
    fc.assert(
      fc.property(allowance, pack, instant, (before, p, at) => {
        fc.pre(before.validUntil === null || before.validUntil <= at);
        const written = refillEntries(before, p, at);
        const grant = { kind: "grant", bytes: p.dataBytes, validUntil: new Date(at.getTime() + p.validityDays * DAY_MS) };
        expect(written).toEqual(before.sum > 0 ? [{ kind: "expire", bytes: before.sum, validUntil: null }, grant] : [grant]);
        // Expired data does not come back; usage beyond the old allowance is still covered first.
        const after = allowanceOf(written, before);
        expect(after.sum).toBe(Math.min(0, before.sum) + p.dataBytes);
        expect(dataLeftBytes(after, at)).toBe(Math.max(0, Math.min(0, before.sum) + p.dataBytes));
      }),
    );
  });

  it("never lowers data left or validity, and leaves the SIM valid after the refill", () => {
    fc.assert(
      fc.property(entries, pack, instant, (list, p, at) => {
        const before = allowanceOf(list);
        const after = allowanceOf(refillEntries(before, p, at), before);
        expect(dataLeftBytes(after, at)).toBeGreaterThanOrEqual(dataLeftBytes(before, at));
        expect(after.validUntil?.getTime() ?? 0).toBeGreaterThan(at.getTime());
        expect(after.validUntil?.getTime() ?? 0).toBeGreaterThanOrEqual(before.validUntil?.getTime() ?? 0);
        // The sum only goes down by forfeiting data that had expired anyway.
        const forfeited = before.validUntil !== null && before.validUntil > at ? 0 : Math.max(0, before.sum);
        expect(after.sum).toBe(before.sum - forfeited + p.dataBytes);
      }),
    );
  });

  it("writes no entry of zero or negative bytes other than the package's own", () => {
    fc.assert(
      fc.property(allowance, pack, instant, (before, p, at) => {
        for (const e of refillEntries(before, p, at)) if (e.kind === "expire") expect(e.bytes).toBeGreaterThan(0);
      }),
    );
  });
});

describe("worked examples", () => {
  it("a 1 GB / 30 days plan: 300 MB then 800 MB used, then a 1 GB / 30 days refill on day 10", () => {
    // Granted on 1 March: 1,000,000,000 bytes until 31 March 00:00 UTC.
    const ledger: AllowanceEntry[] = [{ kind: "grant", bytes: GB, validUntil: day(30) }];
    expect(dataLeftBytes(allowanceOf(ledger), day(0))).toBe(1_000_000_000);
    // 300 MB used: 1,000 MB - 300 MB = 700 MB left.
    ledger.push({ kind: "debit", bytes: 300 * MB, validUntil: null });
    expect(dataLeftBytes(allowanceOf(ledger), day(5))).toBe(700_000_000);
    // 800 MB more, reported late: the sum is 700 MB - 800 MB = -100 MB; data left shows 0.
    ledger.push({ kind: "debit", bytes: 800 * MB, validUntil: null });
    expect(allowanceOf(ledger)).toEqual({ sum: -100_000_000, validUntil: day(30) });
    expect(dataLeftBytes(allowanceOf(ledger), day(10))).toBe(0);
    // Refill 1 GB / 30 days on day 10, still valid: it covers the 100 MB first (900 MB left) and
    // extends from the current end: 31 March + 30 days = 30 April.
    const refill = refillEntries(allowanceOf(ledger), { dataBytes: GB, validityDays: 30 }, day(10));
    expect(refill).toEqual([{ kind: "grant", bytes: 1_000_000_000, validUntil: new Date("2026-04-30T00:00:00Z") }]);
    const after = allowanceOf(refill, allowanceOf(ledger));
    expect(after).toEqual({ sum: 900_000_000, validUntil: new Date("2026-04-30T00:00:00Z") });
    expect(dataLeftBytes(after, day(10))).toBe(900_000_000);
    // On 30 April at 00:00 the validity has ended: 0 left, though 900 MB are still on the ledger.
    expect(dataLeftBytes(after, new Date("2026-04-30T00:00:00Z"))).toBe(0);
    expect(dataLeftBytes(after, new Date("2026-04-29T23:59:59.999Z"))).toBe(900_000_000);
  });

  it("a refill after the validity ended forfeits the 600 MB left and counts 30 days from the refill", () => {
    // 1 GB until 31 March, 400 MB used: 600 MB on the ledger, 0 left on 5 April.
    const before = allowanceOf([
      { kind: "grant", bytes: GB, validUntil: day(30) },
      { kind: "debit", bytes: 400 * MB, validUntil: null },
    ]);
    expect(before.sum).toBe(600_000_000);
    const refillAt = new Date("2026-04-05T09:30:00Z");
    expect(dataLeftBytes(before, refillAt)).toBe(0);
    const refill = refillEntries(before, { dataBytes: GB, validityDays: 30 }, refillAt);
    expect(refill).toEqual([
      { kind: "expire", bytes: 600_000_000, validUntil: null },
      { kind: "grant", bytes: 1_000_000_000, validUntil: new Date("2026-05-05T09:30:00Z") },
    ]);
    // 600 MB - 600 MB + 1,000 MB = 1,000 MB left, not 1,600 MB.
    expect(dataLeftBytes(allowanceOf(refill, before), refillAt)).toBe(1_000_000_000);
  });

  it("a refill after the validity ended with 250 MB of late usage still owed: 1 GB - 250 MB = 750 MB", () => {
    const before = allowanceOf([
      { kind: "grant", bytes: GB, validUntil: day(30) },
      { kind: "debit", bytes: 1_250 * MB, validUntil: null },
    ]);
    const refill = refillEntries(before, { dataBytes: GB, validityDays: 7 }, day(40));
    expect(refill).toEqual([{ kind: "grant", bytes: GB, validUntil: day(47) }]);
    expect(dataLeftBytes(allowanceOf(refill, before), day(40))).toBe(750_000_000);
  });
});
