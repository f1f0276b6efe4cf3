import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { operatorSyncState, operators, simCounts, syncRuns, type SyncRunCounts } from "@/db/schema";
import type { simStatus } from "@/db/schema/enums";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { adapterFor, capabilitiesOf, type OperatorRow } from "@/operators/registry";
import { OperatorError, type Capability, type DriverName } from "@/operators/types";

// The staff operators pages: each operator's integration, SIM counts and sync health, and the
// connection test. Only staff may call these; the stored credentials never leave this module
// (they are decrypted, inside the registry, only to build a driver).

export type OperatorsViewer = Pick<Viewer, "userId" | "role">;

export function requireOperatorsManager(viewer: OperatorsViewer): void {
  if (!can(viewer, "operators:manage")) throw new AppError("forbidden", "Only platform staff can manage operators.");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// An id from a URL or a form: anything but a UUID is answered like an unknown operator, without
// handing PostgreSQL a value it would refuse with an error.
export function isOperatorId(id: string): boolean {
  return UUID.test(id);
}

type SimStatus = (typeof simStatus.enumValues)[number];
export type RunOutcome = "running" | "succeeded" | "partial" | "failed" | "skipped";

export type SyncRunView = {
  id: number;
  operatorId: string | null;
  operatorName: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: RunOutcome;
  counts: SyncRunCounts | null;
  error: string | null;
};

// What the registry makes of the operator's configuration: a driver and what it can do, no
// driver at all, or a configuration the driver refuses (a bad setting, an unreadable secret).
export type IntegrationView =
  | { kind: "none" }
  | { kind: "ready"; capabilities: Capability[] }
  | { kind: "misconfigured"; message: string };

export type SyncHealthView = {
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  circuitOpenUntil: Date | null;
  leaseUntil: Date | null;
};

export type OperatorOverview = {
  id: string;
  name: string;
  countryCode: string;
  currency: string;
  driver: DriverName;
  credentialsStored: boolean;
  dormancyDays: number | null;
  integration: IntegrationView;
  sims: { total: number; byStatus: Partial<Record<SimStatus, number>> };
  health: SyncHealthView;
  lastRun: SyncRunView | null;
};

export type OperatorDetail = OperatorOverview & {
  settings: Record<string, unknown>;
  contractNotes: string | null;
  runs: SyncRunView[];
};

const RUN_OUTCOMES: ReadonlySet<string> = new Set<RunOutcome>(["running", "succeeded", "partial", "failed", "skipped"]);

function runView(row: Omit<SyncRunView, "outcome"> & { outcome: string }): SyncRunView {
  return { ...row, outcome: RUN_OUTCOMES.has(row.outcome) ? (row.outcome as RunOutcome) : "failed" };
}

const runColumns = {
  id: syncRuns.id,
  operatorId: syncRuns.operatorId,
  operatorName: operators.name,
  startedAt: syncRuns.startedAt,
  finishedAt: syncRuns.finishedAt,
  outcome: syncRuns.outcome,
  counts: syncRuns.counts,
  error: syncRuns.error,
};

// The operator row with its sync state. The full row (settings, encrypted credentials) is read
// here only to build the driver; callers get the views below.
async function operatorsWithHealth(db: Db, where?: SQL) {
  return db
    .select({
      operator: operators,
      lastSuccessAt: operatorSyncState.lastSuccessAt,
      lastErrorAt: operatorSyncState.lastErrorAt,
      lastError: operatorSyncState.lastError,
      consecutiveFailures: operatorSyncState.consecutiveFailures,
      circuitOpenUntil: operatorSyncState.circuitOpenUntil,
      leaseUntil: operatorSyncState.leaseUntil,
    })
    .from(operators)
    .leftJoin(operatorSyncState, eq(operatorSyncState.operatorId, operators.id))
    .where(where)
    .orderBy(asc(operators.name));
}

// Each operator's latest run: one index probe per operator (sync_runs_operator_idx).
async function lastRuns(db: Db, operatorId?: string): Promise<Map<string, SyncRunView>> {
  const latest = db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(eq(syncRuns.operatorId, operators.id))
    .orderBy(desc(syncRuns.startedAt))
    .limit(1)
    .as("latest");
  const rows = await db
    .select(runColumns)
    .from(operators)
    .innerJoinLateral(latest, sql`true`)
    .innerJoin(syncRuns, eq(syncRuns.id, latest.id))
    .where(operatorId ? eq(operators.id, operatorId) : undefined);
  return new Map(rows.map((r) => [r.operatorId ?? "", runView(r)]));
}

// SIMs per operator and status from the trigger-kept counters: a sum over a few hundred rows
// whatever the size of the fleet.
async function simCountsByOperator(db: Db, operatorId?: string): Promise<Map<string, OperatorOverview["sims"]>> {
  const rows = await db
    .select({ operatorId: simCounts.operatorId, status: simCounts.status, n: sql<number>`sum(${simCounts.count})`.mapWith(Number) })
    .from(simCounts)
    .where(operatorId ? eq(simCounts.operatorId, operatorId) : undefined)
    .groupBy(simCounts.operatorId, simCounts.status);
  const counts = new Map<string, OperatorOverview["sims"]>();
  for (const row of rows) {
    if (row.n === 0) continue;
    const entry = counts.get(row.operatorId) ?? { total: 0, byStatus: {} };
    entry.total += row.n;
    entry.byStatus[row.status] = row.n;
    counts.set(row.operatorId, entry);
  }
  return counts;
}

function integrationOf(operator: OperatorRow, db: Db): IntegrationView {
  try {
    const adapter = adapterFor(operator, { db, now: clockNow });
    return adapter ? { kind: "ready", capabilities: capabilitiesOf(adapter) } : { kind: "none" };
  } catch (error) {
    return { kind: "misconfigured", message: configurationMessage(error) };
  }
}

// Drivers refuse a configuration while they are built, with a message naming the setting and
// never echoing a value (so never a secret); AppErrors carry a message written for the user.
export function configurationMessage(error: unknown): string {
  if (error instanceof AppError) return error.userMessage;
  if (error instanceof OperatorError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : "The driver refused this configuration.";
}

type HealthRow = Awaited<ReturnType<typeof operatorsWithHealth>>[number];

function overviewOf(row: HealthRow, db: Db, sims: OperatorOverview["sims"] | undefined, lastRun: SyncRunView | undefined): OperatorOverview {
  const { operator } = row;
  return {
    id: operator.id,
    name: operator.name,
    countryCode: operator.countryCode,
    currency: operator.currency,
    driver: operator.driver,
    credentialsStored: operator.encryptedCredentials !== null,
    dormancyDays: operator.dormancyDays,
    integration: integrationOf(operator, db),
    sims: sims ?? { total: 0, byStatus: {} },
    health: {
      lastSuccessAt: row.lastSuccessAt,
      lastErrorAt: row.lastErrorAt,
      lastError: row.lastError,
      consecutiveFailures: row.consecutiveFailures ?? 0,
      circuitOpenUntil: row.circuitOpenUntil,
      leaseUntil: row.leaseUntil,
    },
    lastRun: lastRun ?? null,
  };
}

/** Every operator with its integration, SIM counts, health and last run, in three queries. */
export async function listOperatorsOverview(viewer: OperatorsViewer): Promise<OperatorOverview[]> {
  requireOperatorsManager(viewer);
  const db = getDb();
  const [rows, counts, runs] = await Promise.all([operatorsWithHealth(db), simCountsByOperator(db), lastRuns(db)]);
  return rows.map((row) => overviewOf(row, db, counts.get(row.operator.id), runs.get(row.operator.id)));
}

/** The most recent sync runs, of one operator or of all. */
export async function listSyncRuns(viewer: OperatorsViewer, filter: { operatorId?: string; limit: number }): Promise<SyncRunView[]> {
  requireOperatorsManager(viewer);
  const rows = await getDb()
    .select(runColumns)
    .from(syncRuns)
    .leftJoin(operators, eq(operators.id, syncRuns.operatorId))
    .where(filter.operatorId ? eq(syncRuns.operatorId, filter.operatorId) : undefined)
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(filter.limit);
  return rows.map(runView);
}

export const DETAIL_RUNS = 20;

/** One operator for its page: the overview plus its settings, contract notes and recent runs. */
export async function findOperatorDetail(viewer: OperatorsViewer, operatorId: string): Promise<OperatorDetail | null> {
  requireOperatorsManager(viewer);
  if (!isOperatorId(operatorId)) return null;
  const db = getDb();
  const [[row], counts, last, runs] = await Promise.all([
    operatorsWithHealth(db, eq(operators.id, operatorId)),
    simCountsByOperator(db, operatorId),
    lastRuns(db, operatorId),
    listSyncRuns(viewer, { operatorId, limit: DETAIL_RUNS }),
  ]);
  if (!row) return null;
  return {
    ...overviewOf(row, db, counts.get(operatorId), last.get(operatorId)),
    settings: row.operator.settings,
    contractNotes: row.operator.contractNotes,
    runs,
  };
}

export type ConnectionTestResult =
  | { ok: true; detail: string; ms: number }
  | { ok: false; kind: string; message: string; ms: number };

/**
 * Builds the operator's driver through the registry and calls its testConnection(): one cheap
 * authenticated read at the operator. Writes nothing.
 */
export async function testOperatorConnection(viewer: OperatorsViewer, operatorId: string): Promise<ConnectionTestResult> {
  requireOperatorsManager(viewer);
  const db = getDb();
  const [operator] = isOperatorId(operatorId) ? await db.select().from(operators).where(eq(operators.id, operatorId)) : [];
  if (!operator) throw new AppError("not_found", "This operator does not exist.");
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let adapter;
  try {
    adapter = adapterFor(operator, { db, now: clockNow });
  } catch (error) {
    return { ok: false, kind: "configuration", message: configurationMessage(error), ms: elapsed() };
  }
  if (!adapter) return { ok: false, kind: "no_integration", message: "This operator has no integration to test.", ms: elapsed() };
  try {
    const { detail } = await adapter.testConnection();
    return { ok: true, detail, ms: elapsed() };
  } catch (error) {
    if (error instanceof OperatorError) return { ok: false, kind: error.kind, message: error.message, ms: elapsed() };
    if (error instanceof AppError) return { ok: false, kind: error.code, message: error.userMessage, ms: elapsed() };
    logger.error("operator connection test crashed", { operatorId, error });
    return { ok: false, kind: "internal", message: "The test failed unexpectedly (see the server log).", ms: elapsed() };
  }
}
