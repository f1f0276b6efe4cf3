import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PaygoSim, type PaygoTerms, type RatedUsage, rateUsage, ratePerMbMicros, usageChargeMicros } from "./paygo-rating";

// Properties of the PAYGO rating rules (paygo-rating.ts), then worked examples with the numbers
// written out. The database side (ingestion, wallets, replays) is in ledgers.db.test.ts.

const MB = 1_000_000;
const MB_N = 1_000_000n;

const byteCount = fc.integer({ min: 0, max: 50_000_000_000 });
const rate = fc.integer({ min: 0, max: 100_000_000 });

describe("usageChargeMicros", () => {
  it("is the exact amount rounded once, half up: within half a micro, and .5 goes up", () => {
    fc.assert(
      fc.property(byteCount, rate, (bytes, perMb) => {
        const charge = usageChargeMicros(bytes, perMb);
        expect(Number.isSafeInteger(charge)).toBe(true);
        // Twice the error, in millionths of a micro: -1,000,000 < 2 x (charge - exact) <= 1,000,000.
        const twiceError = 2n * (BigInt(charge) * MB_N - BigInt(bytes) * BigInt(perMb));
        expect(twiceError > -MB_N && twiceError <= MB_N).toBe(true);
      }),
    );
  });

  it("grows with the bytes and with the rate, and is additive up to one micro per part", () => {
    fc.assert(
      fc.property(byteCount, byteCount, rate, (a, b, perMb) => {
        expect(usageChargeMicros(a + b, perMb)).toBeGreaterThanOrEqual(usageChargeMicros(Math.max(a, b), perMb));
        // Rounding once per entry: the entry of a + b differs from two entries by at most 1 micro.
        expect(Math.abs(usageChargeMicros(a + b, perMb) - usageChargeMicros(a, perMb) - usageChargeMicros(b, perMb))).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(byteCount, rate, rate, (bytes, r1, r2) => {
        expect(usageChargeMicros(bytes, Math.max(r1, r2))).toBeGreaterThanOrEqual(usageChargeMicros(bytes, Math.min(r1, r2)));
      }),
    );
  });

  it("is exact for whole MB", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50_000 }), rate, (mb, perMb) => {
        expect(usageChargeMicros(mb * MB, perMb)).toBe(mb * perMb);
      }),
    );
  });

  it("refuses negative or fractional inputs", () => {
    expect(() => usageChargeMicros(-1, 10)).toThrow(RangeError);
    expect(() => usageChargeMicros(1.5, 10)).toThrow(RangeError);
    expect(() => usageChargeMicros(1, -10)).toThrow(RangeError);
    expect(() => usageChargeMicros(1, 0.5)).toThrow(RangeError);
  });
});

// A small world: three SIMs with terms, one without (not PAYGO), a few countries and zones.
const ZONES = ["UTC", "Asia/Jerusalem", "America/New_York", "Pacific/Kiritimati"] as const;
const COUNTRIES = ["DE", "FR", "GB", "US", null] as const;
const termsArb: fc.Arbitrary<PaygoTerms> = fc
  .record({ defaultPerMbMicros: rate, de: fc.option(rate, { nil: undefined }), fr: fc.option(rate, { nil: undefined }), gb: fc.option(rate, { nil: undefined }) })
  .map(({ defaultPerMbMicros, de, fr, gb }) => ({
    defaultPerMbMicros,
    countryRates: new Map(
      (
        [
          ["DE", de],
          ["FR", fr],
          ["GB", gb],
        ] as const
      ).flatMap(([code, micros]) => (micros === undefined ? [] : [[code, micros] as [string, number]])),
    ),
  }));
const simsArb: fc.Arbitrary<Map<number, PaygoSim>> = fc
  .tuple(...[1, 2, 3].map(() => fc.record({ timeZone: fc.constantFrom(...ZONES), currency: fc.constantFrom("EUR", "GBP"), terms: termsArb })))
  .map((list) => new Map(list.map((s, i) => [i + 1, { companyId: `company-${i % 2}`, ...s }])));
// Around month ends, so that zones put the same instant in different months.
const startedAt = fc
  .tuple(fc.constantFrom("2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z", "2026-12-31T12:00:00Z"), fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }))
  .map(([base, offset]) => new Date(new Date(base).getTime() + offset));
const usageArb: fc.Arbitrary<RatedUsage[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          simId: fc.integer({ min: 1, max: 4 }),
          sourceKey: fc.constant(`op:${id}`),
          startedAt,
          bytes: fc.integer({ min: 0, max: 5_000_000_000 }),
          countryCode: fc.constantFrom(...COUNTRIES),
        }),
      ),
    ),
  );

// The billing month of an instant in a zone, computed independently of billing-period.ts.
function localMonth(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(at);
  return `${parts.find((p) => p.type === "year")?.value}-${parts.find((p) => p.type === "month")?.value}`;
}

describe("rateUsage", () => {
  it("makes one entry per SIM, country and billing month in the company's zone, priced once on its summed bytes", () => {
    fc.assert(
      fc.property(usageArb, simsArb, (usage, sims) => {
        const charges = rateUsage(usage, sims);
        const model = new Map<string, RatedUsage[]>();
        for (const u of usage) {
          const sim = sims.get(u.simId);
          if (!sim) continue;
          const key = `${u.simId}|${u.countryCode}|${localMonth(u.startedAt, sim.timeZone)}`;
          model.set(key, [...(model.get(key) ?? []), u]);
        }
        expect(charges).toHaveLength(model.size);
        for (const charge of charges) {
          const sim = sims.get(charge.simId);
          if (!sim) throw new Error("a charge for a SIM that is not PAYGO");
          const group = model.get(`${charge.simId}|${charge.countryCode}|${localMonth(charge.occurredAt, sim.timeZone)}`) ?? [];
          expect(group.length).toBeGreaterThan(0);
          const bytes = group.reduce((sum, u) => sum + u.bytes, 0);
          const perMb = (charge.countryCode === null ? undefined : sim.terms.countryRates.get(charge.countryCode)) ?? sim.terms.defaultPerMbMicros;
          expect(charge).toMatchObject({ companyId: sim.companyId, currency: sim.currency, bytes, ratePerMbMicros: perMb });
          expect(charge.amountMicros).toBe(-usageChargeMicros(bytes, perMb));
          // Keyed by the group's first record in key order; dated by its last record.
          expect(charge.sourceKey).toBe(`paygo:${group.map((u) => u.sourceKey).sort()[0]}`);
          expect(charge.occurredAt.getTime()).toBe(Math.max(...group.map((u) => u.startedAt.getTime())));
        }
      }),
    );
  });

  it("charges every byte of PAYGO SIMs once and ignores SIMs that are not in the map", () => {
    fc.assert(
      fc.property(usageArb, simsArb, (usage, sims) => {
        const charges = rateUsage(usage, sims);
        const paygoBytes = usage.filter((u) => sims.has(u.simId)).reduce((sum, u) => sum + u.bytes, 0);
        expect(charges.reduce((sum, c) => sum + c.bytes, 0)).toBe(paygoBytes);
        expect(charges.some((c) => c.simId === 4)).toBe(false);
        expect(new Set(charges.map((c) => c.sourceKey)).size).toBe(charges.length);
        for (const c of charges) expect(c.amountMicros).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("does not depend on the order of the records (so a replayed batch writes the same keys)", () => {
    fc.assert(
      fc.property(
        usageArb.chain((u) => fc.tuple(fc.constant(u), fc.shuffledSubarray(u, { minLength: u.length, maxLength: u.length }))),
        simsArb,
        ([usage, shuffled], sims) => {
          const sorted = (list: ReturnType<typeof rateUsage>) => [...list].sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : 1));
          expect(sorted(rateUsage(shuffled, sims))).toEqual(sorted(rateUsage(usage, sims)));
        },
      ),
    );
  });
});

describe("worked examples", () => {
  const terms: PaygoTerms = { defaultPerMbMicros: 2_000_000, countryRates: new Map([["DE", 5_000_000], ["FR", 1_000_000]]) };
  const sim = (timeZone = "UTC"): Map<number, PaygoSim> => new Map([[7, { companyId: "acme", currency: "EUR", timeZone, terms }]]);
  const record = (key: string, at: string, bytes: number, countryCode: string | null): RatedUsage => ({ simId: 7, sourceKey: key, startedAt: new Date(at), bytes, countryCode });

  it("the header's examples: rounding once, half up, in micros", () => {
    // 1,234,567 bytes at EUR 0.02/MB (2,000,000 micros) = 2,469,134 micros = 2.469134 cents.
    expect(usageChargeMicros(1_234_567, 2_000_000)).toBe(2_469_134);
    // 1 byte at EUR 0.0001/MB (10,000 micros) = 0.01 micros -> 0.
    expect(usageChargeMicros(1, 10_000)).toBe(0);
    // 50 bytes at the same rate = 0.5 micros -> 1 (half up); 49 bytes = 0.49 -> 0.
    expect(usageChargeMicros(50, 10_000)).toBe(1);
    expect(usageChargeMicros(49, 10_000)).toBe(0);
    // 150 bytes = 1.5 micros -> 2; 250 bytes = 2.5 -> 3 (not banker's rounding to 2).
    expect(usageChargeMicros(150, 10_000)).toBe(2);
    expect(usageChargeMicros(250, 10_000)).toBe(3);
  });

  it("a country's rate where the plan has one, the default elsewhere and where the country is unknown", () => {
    expect(ratePerMbMicros(terms, "DE")).toBe(5_000_000);
    expect(ratePerMbMicros(terms, "FR")).toBe(1_000_000);
    expect(ratePerMbMicros(terms, "US")).toBe(2_000_000);
    expect(ratePerMbMicros(terms, null)).toBe(2_000_000);
    const charges = rateUsage(
      [
        record("op:1", "2026-03-10T10:00:00Z", 10 * MB, "DE"),
        record("op:2", "2026-03-10T11:00:00Z", 2_500_000, "DE"),
        record("op:3", "2026-03-10T12:00:00Z", 3 * MB, "FR"),
        record("op:4", "2026-03-10T13:00:00Z", 1_234_567, null),
        record("op:5", "2026-03-10T14:00:00Z", 7, "US"),
      ],
      sim(),
    );
    expect(charges.map((c) => [c.countryCode, c.bytes, c.ratePerMbMicros, c.amountMicros, c.sourceKey])).toEqual([
      // 12.5 MB x EUR 0.05 = 62.5 cents = 62,500,000 micros, one entry for both DE records.
      ["DE", 12_500_000, 5_000_000, -62_500_000, "paygo:op:1"],
      // 3 MB x EUR 0.01 = 3 cents.
      ["FR", 3_000_000, 1_000_000, -3_000_000, "paygo:op:3"],
      // 1.234567 MB x EUR 0.02 = 2.469134 cents.
      [null, 1_234_567, 2_000_000, -2_469_134, "paygo:op:4"],
      // 7 bytes x EUR 0.02/MB = 14 micros: no US rate, so the default.
      ["US", 7, 2_000_000, -14, "paygo:op:5"],
    ]);
    // Total: 62,500,000 + 3,000,000 + 2,469,134 + 14 = 67,969,148 micros (67.969148 cents).
    expect(charges.reduce((sum, c) => sum + c.amountMicros, 0)).toBe(-67_969_148);
  });

  it("rounds once per entry, not per record: three records of 0.4 micros are one entry of 1 micro", () => {
    // 40 bytes at 10,000 micros/MB = 0.4 micros each; 120 bytes together = 1.2 -> 1 micro.
    const cheap: Map<number, PaygoSim> = new Map([[7, { companyId: "acme", currency: "EUR", timeZone: "UTC", terms: { defaultPerMbMicros: 10_000, countryRates: new Map() } }]]);
    const charges = rateUsage([record("a", "2026-03-10T10:00:00Z", 40, null), record("b", "2026-03-10T10:01:00Z", 40, null), record("c", "2026-03-10T10:02:00Z", 40, null)], cheap);
    expect(charges.map((c) => [c.bytes, c.amountMicros])).toEqual([[120, -1]]);
  });

  it("splits a group at the company's month boundary: Asia/Jerusalem is UTC+3 on 31 March 2026", () => {
    const usage = [
      // 23:59:59 on 31 March in Jerusalem: March.
      record("op:10", "2026-03-31T20:59:59Z", 4 * MB, "DE"),
      // 00:00:00 on 1 April in Jerusalem (still 31 March in UTC): April.
      record("op:11", "2026-03-31T21:00:00Z", 1 * MB, "DE"),
      record("op:12", "2026-04-01T08:00:00Z", 2 * MB, "DE"),
    ];
    const jerusalem = rateUsage(usage, sim("Asia/Jerusalem"));
    expect(jerusalem.map((c) => [c.bytes, c.amountMicros, c.sourceKey, c.occurredAt.toISOString()])).toEqual([
      // 4 MB x EUR 0.05 = 20 cents in March.
      [4 * MB, -20_000_000, "paygo:op:10", "2026-03-31T20:59:59.000Z"],
      // 3 MB x EUR 0.05 = 15 cents in April.
      [3 * MB, -15_000_000, "paygo:op:11", "2026-04-01T08:00:00.000Z"],
    ]);
    // In UTC the first two records fall in March together.
    expect(rateUsage(usage, sim("UTC")).map((c) => [c.bytes, c.amountMicros])).toEqual([
      [5 * MB, -25_000_000],
      [2 * MB, -10_000_000],
    ]);
  });

  it("leaves out usage of SIMs that are not PAYGO", () => {
    expect(rateUsage([{ simId: 8, sourceKey: "x", startedAt: new Date("2026-03-10T00:00:00Z"), bytes: MB, countryCode: "DE" }], sim())).toEqual([]);
  });
});
