// One unit everywhere the portal shows data: 1 MB = 1,000,000 bytes (decimal, as operators bill).
export const BYTES_PER_MB = 1_000_000;
export const BYTES_PER_GB = 1_000_000_000;

export function bytesToMb(bytes: number): number {
  return bytes / BYTES_PER_MB;
}

// Shown in tables: whole MB below 10 GB, rounded down so "data left" never overstates.
export function formatMb(bytes: number): string {
  const mb = Math.floor(bytes / BYTES_PER_MB);
  return mb.toLocaleString("en-US");
}
