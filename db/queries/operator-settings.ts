import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { auditLog, operators } from "@/db/schema";
import { resetAfterIntegrationChange } from "@/operators/sync-state";
import { rowsOf } from "@/db/sql";
import { now as clockNow } from "@/lib/clock";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { adapterFor, type OperatorRow } from "@/operators/registry";
import { decryptCredentials, encryptCredentials, type Credentials } from "@/operators/secrets";
import { DRIVERS } from "@/operators/types";
import { configurationMessage, isOperatorId, requireOperatorsManager, type OperatorsViewer } from "./operators";

// Staff edit an operator's integration: driver, driver settings, write-only credentials and the
// contract terms. One transaction: the operator row, the status of its SIMs when the driver comes
// or goes, their status history and one audit entry. Nothing changes on bad input.

export const NO_INTEGRATION_DETAIL = "No integration for this operator";
export const AWAITING_SYNC_DETAIL = "Waiting for the first sync with the operator";

const MAX_DORMANCY_DAYS = 36_500;

// The form's fields, as text (FormData); an unchecked checkbox is simply absent.
export const updateOperatorSettingsSchema = z.object({
  driver: z.enum(DRIVERS, { error: "Choose a driver." }),
  settings: z
    .string({ error: "Settings must be text." })
    .max(20_000, "Settings are too long (20,000 characters at most).")
    .default("")
    .transform((text, ctx): Record<string, unknown> => {
      if (text.trim() === "") return {};
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "Settings are not valid JSON." });
        return z.NEVER;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        ctx.addIssue({ code: "custom", message: 'Settings must be a JSON object, e.g. {"seed": 42}.' });
        return z.NEVER;
      }
      return value as Record<string, unknown>;
    }),
  dormancyDays: z
    .string({ error: "Dormancy must be a number of days." })
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d+$/.test(v), "Dormancy must be a whole number of days, 0 or more, or empty for none.")
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((v) => v === null || v <= MAX_DORMANCY_DAYS, `Dormancy can be at most ${MAX_DORMANCY_DAYS.toLocaleString("en-US")} days.`),
  contractNotes: z
    .string({ error: "Contract notes must be text." })
    .trim()
    .max(4_000, "Contract notes are too long (4,000 characters at most).")
    .default("")
    .transform((v) => (v === "" ? null : v)),
  // Write-only: empty keeps what is stored.
  username: z.string({ error: "The user name must be text." }).trim().max(256, "The user name is too long.").default(""),
  apiKey: z.string({ error: "The API key must be text." }).trim().max(4_096, "The API key is too long.").default(""),
  clearCredentials: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});

export type OperatorSettingsField = keyof z.input<typeof updateOperatorSettingsSchema> | "credentials";
type ParsedInput = z.output<typeof updateOperatorSettingsSchema>;

export type UpdateOperatorResult =
  | { ok: true; changed: boolean; simStatusChanges: number }
  | { ok: false; fieldErrors: Partial<Record<OperatorSettingsField, string>>; formError?: string };

export type UpdateOperatorOptions = {
  now?: Date;
  // OPERATOR_SECRETS_KEY by default; tests pass their own ("" stands for an unset key).
  secretsKey?: string;
};

// Refusals found inside the transaction; thrown to roll it back, returned to the caller.
class Refused extends Error {
  constructor(readonly result: Extract<UpdateOperatorResult, { ok: false }>) {
    super("refused");
  }
}

function fieldErrorsOf(error: z.ZodError): Partial<Record<OperatorSettingsField, string>> {
  const errors: Partial<Record<OperatorSettingsField, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in errors)) errors[field as OperatorSettingsField] = issue.message;
  }
  return errors;
}

// The new stored credentials: cleared, replaced (a field left empty keeps its stored value), or
// kept as they are. Only the fields staff type in are ever encrypted; nothing is read back out.
function nextCredentials(stored: string | null, input: ParsedInput, key: string | undefined): { stored: string | null; changed: boolean } {
  const given: Credentials = {
    ...(input.username !== "" && { username: input.username }),
    ...(input.apiKey !== "" && { apiKey: input.apiKey }),
  };
  if (input.clearCredentials) {
    if (Object.keys(given).length > 0) {
      throw new Refused({ ok: false, fieldErrors: { clearCredentials: "Either clear the stored credentials or enter new ones, not both." } });
    }
    return { stored: null, changed: stored !== null };
  }
  if (Object.keys(given).length === 0) return { stored, changed: false };
  const complete = input.username !== "" && input.apiKey !== "";
  const previous = stored && !complete ? decryptCredentials(stored, key) : {};
  return { stored: encryptCredentials({ ...previous, ...given }, key), changed: true };
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

// jsonb keeps its own key order, so equality is judged on a canonical form.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

// What the audit log keeps of an operator: everything but the secrets.
function auditedFields(row: OperatorRow) {
  return {
    driver: row.driver,
    settings: row.settings,
    dormancyDays: row.dormancyDays,
    contractNotes: row.contractNotes,
    credentialsStored: row.encryptedCredentials !== null,
  };
}

// The driver must accept the new configuration before it is stored, so that a typo in a
// setting is refused here rather than found by the next sync.
function checkDriverAccepts(next: OperatorRow, at: Date): void {
  try {
    adapterFor(next, { db: getDb(), now: () => at });
  } catch (error) {
    const message = configurationMessage(error);
    const field: OperatorSettingsField = /credential|OPERATOR_SECRETS_KEY/i.test(message) ? "credentials" : "settings";
    throw new Refused({ ok: false, fieldErrors: { [field]: message } });
  }
}

/**
 * Applies staff's edit of an operator's integration. Returns field errors (nothing changed) or
 * how many SIMs changed status because the integration came or went.
 */
export async function updateOperatorSettings(
  viewer: OperatorsViewer,
  operatorId: string,
  raw: Record<string, unknown>,
  options: UpdateOperatorOptions = {},
): Promise<UpdateOperatorResult> {
  requireOperatorsManager(viewer);
  if (!isOperatorId(operatorId)) throw new AppError("not_found", "This operator does not exist.");
  const parsed = updateOperatorSettingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const at = options.now ?? clockNow();
  try {
    return await getDb().transaction(async (tx) => {
      const [current] = await tx.select().from(operators).where(eq(operators.id, operatorId)).for("update");
      if (!current) throw new AppError("not_found", "This operator does not exist.");
      const credentials = nextCredentials(current.encryptedCredentials, input, options.secretsKey);
      const next: OperatorRow = {
        ...current,
        driver: input.driver,
        settings: input.settings,
        dormancyDays: input.dormancyDays,
        contractNotes: input.contractNotes,
        encryptedCredentials: credentials.stored,
      };
      const before = auditedFields(current);
      const after = auditedFields(next);
      const integrationChanged = before.driver !== after.driver || canonical(before.settings) !== canonical(after.settings) || credentials.changed;
      if (!integrationChanged && canonical(before) === canonical(after)) return { ok: true, changed: false, simStatusChanges: 0 };
      if (integrationChanged) checkDriverAccepts(next, at);

      await tx
        .update(operators)
        .set({ driver: next.driver, settings: next.settings, dormancyDays: next.dormancyDays, contractNotes: next.contractNotes, encryptedCredentials: next.encryptedCredentials })
        .where(eq(operators.id, operatorId));
      const simStatusChanges = await applyIntegrationToSims(tx, { operatorId, from: current.driver, to: next.driver, userId: viewer.userId, at });
      if (integrationChanged) await resetAfterIntegrationChange(tx, operatorId, current.driver !== next.driver);
      await tx.insert(auditLog).values(
        userAuditEntry(viewer, at, {
          action: "operator.update",
          targetType: "operator",
          targetId: operatorId,
          companyId: null,
          before,
          after: { ...after, credentialsChanged: credentials.changed, simStatusChanges },
        }),
      );
      return { ok: true, changed: true, simStatusChanges };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    // A missing OPERATOR_SECRETS_KEY, or stored credentials it cannot read: said to staff as is.
    if (error instanceof AppError && error.code === "invalid_input") return { ok: false, fieldErrors: {}, formError: error.userMessage };
    throw error;
  }
}

// Without an integration nothing is known of an operator's SIMs: they become Not available.
// With one again, they wait for the next sync, which checks each of them (Pending). One
// statement each, however many SIMs, with a history row per SIM.
async function applyIntegrationToSims(
  tx: Tx,
  change: { operatorId: string; from: OperatorRow["driver"]; to: OperatorRow["driver"]; userId: string; at: Date },
): Promise<number> {
  const { operatorId, from, to, userId, at } = change;
  if ((from === "none") === (to === "none")) return 0;
  const [status, detail, only] =
    to === "none"
      ? (["not_available", NO_INTEGRATION_DETAIL, sql`status <> 'not_available'`] as const)
      : (["pending", AWAITING_SYNC_DETAIL, sql`status = 'not_available'`] as const);
  const when = at.toISOString();
  const result = await tx.execute(sql`
    WITH old AS (
      SELECT id, status FROM sims WHERE operator_id = ${operatorId} AND ${only} ORDER BY id FOR UPDATE
    ), changed AS (
      UPDATE sims s SET status = ${status}::sim_status, status_reason = 'system', status_detail = ${detail},
        status_changed_at = ${when}::timestamptz, updated_at = ${when}::timestamptz
      FROM old WHERE s.id = old.id
      RETURNING s.id, old.status AS from_status
    ), history AS (
      INSERT INTO sim_status_history (sim_id, from_status, to_status, reason, detail, actor_kind, actor_user_id, created_at)
      SELECT id, from_status, ${status}::sim_status, 'system', ${detail}, 'user', ${userId}::uuid, ${when}::timestamptz FROM changed
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM history`);
  const [row] = rowsOf(result);
  return Number(row?.n ?? 0);
}
