import { abortableDelay } from "../abortable-delay";

// Keeping to Control Center's fair-use policy: a pace of requests per second shared by everything
// this driver instance sends, and a bound on how many requests are in flight.

export type Pacer = (signal: AbortSignal) => Promise<void>;

// Each request takes the next free slot, 1000/rate ms after the previous one; 0 means unpaced.
export function createPacer(
  requestsPerSecond: number,
  nowMs: () => number = Date.now,
  wait: (ms: number, signal: AbortSignal) => Promise<void> = abortableDelay,
): Pacer {
  if (requestsPerSecond <= 0) return () => Promise.resolve();
  const intervalMs = 1000 / requestsPerSecond;
  let nextSlot = 0;
  return (signal) => {
    const now = nowMs();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + intervalMs;
    return slot > now ? wait(slot - now, signal) : Promise.resolve();
  };
}

// The registry builds an adapter per use, so the pace lives per operator (and rate) in this
// process: a sync and an operation running side by side still share one pace.
const shared = new Map<string, Pacer>();

export function sharedPacer(operatorId: string, requestsPerSecond: number): Pacer {
  const key = `${operatorId}:${requestsPerSecond}`;
  let pacer = shared.get(key);
  if (!pacer) {
    pacer = createPacer(requestsPerSecond);
    shared.set(key, pacer);
  }
  return pacer;
}

// Runs `task` over `items` with at most `limit` running at once, results in input order. After the
// first failure no new task starts; the running ones are awaited so nothing outlives the call.
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  async function worker() {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        failures.push(error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
