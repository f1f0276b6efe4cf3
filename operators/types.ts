// The one contract between the portal and every operator driver. Drivers normalize what their
// operator says into these records; `operators/sync.ts` turns them into SIM state and usage.
// The portal asks a driver's capabilities, never its name.

export const CAPABILITIES = [
  "statusSync", // reports each SIM's line state and MSISDN/IMSI
  "sessionState", // can tell whether a SIM is in a data session now
  "usageRecords", // reports data usage
  "activate",
  "suspend",
  "resume",
  "simSwap",
  "esimProfile",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DRIVERS = ["none", "simulator", "cisco_control_center"] as const;
export type DriverName = (typeof DRIVERS)[number];

// A line's state at the operator, normalized over the operators' own vocabularies
// (Control Center: ACTIVATION_READY/TEST_READY/INVENTORY -> ready, ACTIVATED -> active,
// DEACTIVATED -> suspended, RETIRED/PURGED/REPLACED -> retired).
export type LineState = "ready" | "active" | "suspended" | "retired";

export type SimReport = {
  iccid: string;
  state: LineState;
  // Null when the SIM has no line (a Blank SIM).
  msisdn: string | null;
  imsi: string | null;
  // Null when the driver cannot tell (no sessionState capability, or no answer for this SIM).
  inSession: boolean | null;
};

// Usage comes in one of two shapes, depending on what the operator offers:
// - "record": a discrete usage record with the operator's own id (replays are no-ops);
// - "cycleTotal": a cumulative counter for the SIM's billing cycle (Control Center's
//   cycle-to-date usage); the sync turns the growth since the last total it saw into a record.
export type UsageReport =
  | {
      kind: "record";
      iccid: string;
      recordId: string;
      startedAt: Date;
      bytes: number;
      // Visited network (MCC + MNC, 5 or 6 digits), null when the operator does not say.
      mccMnc: string | null;
    }
  | {
      kind: "cycleTotal";
      iccid: string;
      // First day of the operator's billing cycle, YYYY-MM-DD (UTC).
      cycleStart: string;
      totalBytes: number;
      observedAt: Date;
      mccMnc: string | null;
    };

// A SIM the operator could not answer for. It becomes Invalid with this reason.
export type SimFailure = {
  iccid: string;
  code: "unknown_sim" | "invalid_payload" | "operator_error";
  detail: string;
};

export type ReadResult = {
  reports: SimReport[];
  usage: UsageReport[];
  failures: SimFailure[];
};

// Usage that happened in [since, until) is asked for; `since` is null on the first run.
export type SyncWindow = { since: Date | null; until: Date };

export type OperationKind = "activate" | "suspend" | "resume";
export type OperationResult =
  | { state: "running" }
  | { state: "succeeded" }
  | { state: "failed"; detail: string };

export type OperatorAdapter = {
  readonly driver: DriverName;
  readonly capabilities: ReadonlySet<Capability>;
  // A cheap authenticated call that proves the settings and credentials work.
  testConnection(): Promise<{ detail: string }>;
  // The current state of these SIMs and their usage in the window. At most `maxBatch` ICCIDs.
  readSims(iccids: readonly string[], window: SyncWindow): Promise<ReadResult>;
  readonly maxBatch: number;
  // Operations the operator carries out asynchronously; only called when the capability is
  // declared. The id is opaque to the portal and is polled until the operation ends.
  requestOperation(iccid: string, kind: OperationKind): Promise<{ operationId: string }>;
  // SIM swap, present exactly when "simSwap" is declared: the line of `iccid` (its MSISDN) moves
  // to the card `newIccid`, which keeps its own IMSI; the old card is retired. Polled like the rest.
  requestSimSwap?(iccid: string, newIccid: string): Promise<{ operationId: string }>;
  operationResult(operationId: string): Promise<OperationResult>;
};

// What every call to an operator can fail with, normalized so that the retry policy and the
// circuit breaker treat every driver alike.
export type OperatorErrorKind =
  | "timeout"
  | "network"
  | "rate_limited" // 429; retryAfterMs when the operator said Retry-After
  | "server" // 5xx
  | "unauthorized" // 401/403: credentials are wrong; retrying will not help
  | "bad_request" // 4xx other than the above
  | "invalid_payload" // the answer did not match the documented shape
  | "circuit_open"; // not called: the breaker is open after repeated failures

// Next.js bundles pages and route handlers separately, each with its own copy of this class, and
// a caller (with its breaker) is shared between them: recognise the error by a global brand.
const OPERATOR_ERROR = Symbol.for("sim-portal.OperatorError");

export class OperatorError extends Error {
  readonly [OPERATOR_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== OperatorError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [OPERATOR_ERROR]?: unknown })[OPERATOR_ERROR] === true;
  }

  constructor(
    readonly kind: OperatorErrorKind,
    message: string,
    readonly options: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "OperatorError";
  }

  get retryable(): boolean {
    return this.kind === "timeout" || this.kind === "network" || this.kind === "rate_limited" || this.kind === "server";
  }
}

// Everything a driver is built from: the operator's row, with credentials already decrypted.
export type DriverConfig = {
  operatorId: string;
  operatorName: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
};
