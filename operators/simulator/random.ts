// Deterministic randomness for the simulator: every "random" choice is a hash of the seed and
// of what the choice is about (an ICCID, a slot, a call), so the simulated network answers the
// same question the same way on every instance and every replay, and tests can rely on it.

const TWO_32 = 4294967296;

// murmur3's finalizer: FNV-1a alone spreads sequential inputs (slot 1, 2, 3…) poorly.
function fmix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

// FNV-1a over the UTF-16 code units of a string, continuing from `h`.
export function hashString(text: string, h = 0x811c9dc5): number {
  let x = h >>> 0;
  for (let i = 0; i < text.length; i++) {
    x ^= text.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return fmix(x);
}

// Folds 32-bit words into a hash; cheap enough to run per SIM and per slot.
export function mixInts(h: number, ...words: number[]): number {
  let x = h >>> 0;
  for (const word of words) {
    x = Math.imul(x ^ fmix(word + 0x9e3779b9), 0x01000193);
    x = fmix(x);
  }
  return x;
}

// Numbers beyond 32 bits (milliseconds since 1970) are folded as two words.
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === "string") h = hashString(part, mixInts(h, part.length));
    else h = mixInts(h, part >>> 0, Math.floor(part / TWO_32) >>> 0);
  }
  return h;
}

// A hash as a number in [0, 1).
export function unit(h: number): number {
  return (h >>> 0) / TWO_32;
}

// A hash as a number in (0, 1): safe under a logarithm.
export function openUnit(h: number): number {
  return ((h >>> 0) + 0.5) / TWO_32;
}

// A standard normal variate from two independent hashes (Box–Muller).
export function normal(h1: number, h2: number): number {
  return Math.sqrt(-2 * Math.log(openUnit(h1))) * Math.cos(2 * Math.PI * unit(h2));
}

export function pick<T>(items: readonly T[], h: number): T | undefined {
  return items[Math.floor(unit(h) * items.length)];
}
