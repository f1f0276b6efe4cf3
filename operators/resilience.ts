import { OperatorError } from "./types";

// Every call to an operator goes through `OperatorCaller.call`: a timeout per attempt, bounded
// retries with exponential backoff and full jitter, Retry-After honoured (capped), and a circuit
// breaker per operator so one failing operator is left alone for a while instead of being
// hammered. The breaker lives in this process; its state is copied to the database by the sync
// so staff see it on every instance.

export type CallPolicy = {
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  // Consecutive failed calls that open the circuit, and how long it stays open.
  breakerThreshold: number;
  breakerCooldownMs: number;
};

export const DEFAULT_POLICY: CallPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  breakerThreshold: 5,
  breakerCooldownMs: 60_000,
};

export type CircuitState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialRunning = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return "closed";
    return this.nowMs() - this.openedAt >= this.cooldownMs ? "half_open" : "open";
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  // Throws when the circuit is open; in half-open state lets exactly one trial call through.
  enter(): void {
    const state = this.state;
    if (state === "open" || (state === "half_open" && this.trialRunning)) {
      throw new OperatorError("circuit_open", "The operator failed repeatedly; calls are paused for a while");
    }
    if (state === "half_open") this.trialRunning = true;
  }

  // The call failed for a reason that says nothing about the operator: let the next one try.
  release(): void {
    this.trialRunning = false;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialRunning = false;
  }

  failed(): void {
    this.failures += 1;
    this.trialRunning = false;
    if (this.openedAt !== null || this.failures >= this.threshold) this.openedAt = this.nowMs();
  }
}

export type CallerDeps = {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  nowMs?: () => number;
};

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OperatorCaller {
  readonly breaker: CircuitBreaker;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    readonly policy: CallPolicy = DEFAULT_POLICY,
    deps: CallerDeps = {},
  ) {
    this.breaker = new CircuitBreaker(policy.breakerThreshold, policy.breakerCooldownMs, deps.nowMs);
    this.sleep = deps.sleep ?? sleepFor;
    this.random = deps.random ?? Math.random;
  }

  // Delay before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential
  // ceiling, or the operator's Retry-After when it gave one. Null when the operator asks for a
  // longer wait than a call may take: the error goes up, and the run is retried later.
  delayAfter(attempt: number, error: OperatorError): number | null {
    if (error.options.retryAfterMs !== undefined) return error.options.retryAfterMs <= this.policy.maxDelayMs ? error.options.retryAfterMs : null;
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling);
  }

  async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.breaker.enter();
      let error: OperatorError;
      try {
        const result = await withTimeout(fn, this.policy.timeoutMs);
        this.breaker.succeeded();
        return result;
      } catch (caught) {
        try {
          error = toOperatorError(caught);
        } catch (unrelated) {
          this.breaker.release();
          throw unrelated;
        }
      }
      // A refusal of the request itself says nothing about the operator's health.
      if (error.retryable) this.breaker.failed();
      else this.breaker.succeeded();
      const delay = error.retryable && attempt < this.policy.maxAttempts ? this.delayAfter(attempt, error) : null;
      if (delay === null) throw error;
      await this.sleep(delay);
    }
  }
}

async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new OperatorError("timeout", `No answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Only what a call to an operator can fail with is mapped; anything else (a database error, a
// bug) is rethrown as it is: retrying it would hide it and count against the operator's health.
export function toOperatorError(caught: unknown): OperatorError {
  if (caught instanceof OperatorError) return caught;
  if (caught instanceof Error && (caught.name === "AbortError" || caught.name === "TimeoutError")) {
    return new OperatorError("timeout", caught.message);
  }
  if (caught instanceof TypeError && caught.message === "fetch failed") return new OperatorError("network", caught.message);
  throw caught;
}

// Retry-After is either a number of seconds or an HTTP date.
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
