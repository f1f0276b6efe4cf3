import { describe, expect, it } from "vitest";
import { hashParts, hashString, mixInts, normal, pick, unit } from "./random";

describe("simulator randomness", () => {
  it("hashes the same parts to the same value and different parts to different values", () => {
    expect(hashParts(7, "8934070000000000001", 42)).toBe(hashParts(7, "8934070000000000001", 42));
    expect(hashParts(7, "8934070000000000001", 42)).not.toBe(hashParts(8, "8934070000000000001", 42));
    expect(hashParts(7, "8934070000000000001", 42)).not.toBe(hashParts(7, "8934070000000000002", 42));
    // Part boundaries matter: ("ab", "c") is not ("a", "bc").
    expect(hashParts("ab", "c")).not.toBe(hashParts("a", "bc"));
    // Numbers beyond 32 bits are not truncated.
    expect(hashParts(1_700_000_000_000)).not.toBe(hashParts(1_700_000_000_000 + 2 ** 32));
  });

  it("spreads sequential inputs evenly over [0, 1)", () => {
    const buckets = new Array<number>(10).fill(0);
    const base = hashString("8934070000000000001");
    const n = 100_000;
    let min = 1;
    let max = 0;
    for (let slot = 0; slot < n; slot++) {
      const u = unit(mixInts(base, 1, slot));
      min = Math.min(min, u);
      max = Math.max(max, u);
      const b = Math.floor(u * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });

  it("draws standard normal variates", () => {
    let sum = 0;
    let squares = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const z = normal(mixInts(1, i), mixInts(2, i));
      sum += z;
      squares += z * z;
    }
    expect(Number.isFinite(sum)).toBe(true);
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.05);
  });

  it("picks every item of a list and nothing from an empty one", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(pick(["a", "b", "c"], mixInts(3, i)) ?? "none");
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
    expect(pick([], 123)).toBeUndefined();
  });
});
