import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { auditLog, companies, labels, operators, plans } from "@/db/schema";
import { isUniqueViolation, pgArray, rowsOf } from "@/db/sql";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { now as clockNow } from "@/lib/clock";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { parseImportFile } from "@/lib/sims/import/columns";
import { validateImportRows, type ImportReferences, type ImportReport, type ValidImportRow } from "@/lib/sims/import/validate";
import { planName } from "@/lib/sims/plan-name";
import { planTermsColumns } from "./plan-columns";

// CSV import of SIMs (platform staff). The file is parsed and checked in full on every call,
// the preview and the confirmation alike, so the confirmation trusts nothing the browser kept.

export type ImportViewer = Pick<Viewer, "userId" | "role">;
export type ImportMode = "all" | "valid";

export const PENDING_IMPORT_DETAIL = "Being checked by the operator after upload";
export const NO_INTEGRATION_IMPORT_DETAIL = "No integration for this operator";

export type SimImportPreview = { ok: true; report: ImportReport } | { ok: false; error: string };
export type SimImportResult =
  | { ok: true; importId: string; imported: number; skipped: number; pending: number; notAvailable: number }
  | { ok: false; error: string; report?: ImportReport };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function requireImporter(viewer: ImportViewer): void {
  if (!can(viewer, "sims:import")) throw new AppError("forbidden", "Only platform staff can import SIMs.");
}

async function loadReferences(db: Db | Tx): Promise<ImportReferences> {
  const [operatorRows, companyRows, planRows, labelRows] = await Promise.all([
    db.select({ id: operators.id, name: operators.name, driver: operators.driver }).from(operators),
    db.select({ id: companies.id, name: companies.name }).from(companies),
    db
      .select({ ...planTermsColumns, operatorId: plans.operatorId, operatorName: operators.name, retired: plans.retired })
      .from(plans)
      .innerJoin(operators, eq(operators.id, plans.operatorId)),
    db.select({ id: labels.id, companyId: labels.companyId, name: labels.name }).from(labels),
  ]);
  return {
    operators: operatorRows,
    companies: companyRows,
    plans: planRows.map((p) => ({ id: p.id, operatorId: p.operatorId, type: p.type, retired: p.retired, name: planName(p.operatorName, p) })),
    labels: labelRows,
  };
}

async function existingIccids(db: Db | Tx, iccids: string[]): Promise<Set<string>> {
  if (iccids.length === 0) return new Set();
  const result = await db.execute(sql`select iccid from sims where iccid = any(${pgArray(iccids, "text")})`);
  return new Set(rowsOf(result).map((row) => String(row.iccid)));
}

async function check(db: Db | Tx, text: string): Promise<SimImportPreview> {
  const parsed = parseImportFile(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const iccids = parsed.rows.map((row) => row.iccid.replace(/[\s-]+/g, ""));
  const [refs, existing] = await Promise.all([loadReferences(db), existingIccids(db, iccids)]);
  return { ok: true, report: validateImportRows(parsed.rows, refs, existing) };
}

/** Parses and checks a file; writes nothing. */
export async function previewSimImport(viewer: ImportViewer, text: string): Promise<SimImportPreview> {
  requireImporter(viewer);
  return check(getDb(), text);
}

async function insertSims(tx: Tx, rows: ValidImportRow[], userId: string, at: Date) {
  const col = <T extends string | null>(pick: (row: ValidImportRow) => T, type: string) => pgArray(rows.map(pick), type);
  const status = (row: ValidImportRow) => (row.noIntegration ? "not_available" : "pending");
  const detail = (row: ValidImportRow) => (row.noIntegration ? NO_INTEGRATION_IMPORT_DETAIL : PENDING_IMPORT_DETAIL);
  const ts = sql`${at.toISOString()}::timestamptz`;
  // One statement for the SIMs and their first history row; the counters' statement-level
  // triggers then see the whole batch at once.
  const result = await tx.execute(sql`
    with input as (
      select * from unnest(
        ${col((r) => r.iccid, "text")}, ${col((r) => r.formFactor, "form_factor")}, ${col((r) => r.operatorId, "uuid")},
        ${col(status, "sim_status")}, ${col(detail, "text")}, ${col((r) => r.planId, "uuid")}, ${col((r) => r.simType, "sim_type")},
        ${col((r) => r.companyId, "uuid")}, ${col((r) => r.imsi, "text")}, ${col((r) => r.msisdn, "text")}, ${col((r) => r.eid, "text")},
        ${col((r) => r.activationCode, "text")}, ${col((r) => r.confirmationCode, "text")}
      ) as t(iccid, form_factor, operator_id, status, status_detail, plan_id, sim_type, company_id, imsi, msisdn, eid, activation_code, confirmation_code)
    ), inserted as (
      insert into sims (iccid, form_factor, operator_id, status, status_reason, status_detail, status_changed_at, plan_id, sim_type,
                        company_id, imsi, msisdn, eid, activation_code, confirmation_code, created_at, updated_at)
      select iccid, form_factor, operator_id, status, 'import'::status_reason, status_detail, ${ts}, plan_id, sim_type,
             company_id, imsi, msisdn, eid, activation_code, confirmation_code, ${ts}, ${ts}
      from input
      returning id, iccid, status, status_detail
    ), history as (
      insert into sim_status_history (sim_id, from_status, to_status, reason, detail, actor_kind, actor_user_id, created_at)
      select id, null::sim_status, status, 'import'::status_reason, status_detail, 'user'::actor_kind, ${userId}::uuid, ${ts} from inserted
    )
    select id, iccid from inserted`);
  return new Map(rowsOf(result).map((row) => [String(row.iccid), Number(row.id)]));
}

async function linkLabels(tx: Tx, rows: ValidImportRow[], idOf: Map<string, number>) {
  const simIds: number[] = [];
  const labelIds: string[] = [];
  for (const row of rows) {
    const simId = idOf.get(row.iccid);
    if (simId === undefined) throw new Error(`import: no id returned for ${row.iccid}`);
    for (const labelId of row.labelIds) {
      simIds.push(simId);
      labelIds.push(labelId);
    }
  }
  if (simIds.length === 0) return;
  await tx.execute(sql`insert into sim_labels (sim_id, label_id) select * from unnest(${pgArray(simIds, "bigint")}, ${pgArray(labelIds, "uuid")})`);
}

class Refused extends Error {
  constructor(readonly result: Extract<SimImportResult, { ok: false }>) {
    super("refused");
  }
}

/**
 * Imports a file in one transaction: every row ("all", refused if any row is wrong) or only the
 * rows that pass ("valid"). The file is checked again here, inside the transaction.
 */
export async function importSims(viewer: ImportViewer, text: string, mode: ImportMode, options: { now?: Date } = {}): Promise<SimImportResult> {
  requireImporter(viewer);
  const at = options.now ?? clockNow();
  try {
    return await getDb().transaction(async (tx) => {
      const checked = await check(tx, text);
      if (!checked.ok) throw new Refused(checked);
      const { report } = checked;
      if (mode === "all" && report.invalidLines.length > 0) {
        throw new Refused({ ok: false, report, error: `Nothing was imported: ${report.invalidLines.length.toLocaleString("en-US")} of ${report.rows.toLocaleString("en-US")} rows have errors.` });
      }
      if (report.valid.length === 0) throw new Refused({ ok: false, report, error: "Nothing was imported: no row is valid." });
      const idOf = await insertSims(tx, report.valid, viewer.userId, at);
      await linkLabels(tx, report.valid, idOf);
      const operatorCounts: Record<string, number> = {};
      for (const row of report.valid) operatorCounts[row.operatorName] = (operatorCounts[row.operatorName] ?? 0) + 1;
      const notAvailable = report.valid.filter((row) => row.noIntegration).length;
      const importId = randomUUID();
      await tx.insert(auditLog).values(
        userAuditEntry(viewer, at, {
          action: "sims.import",
          targetType: "import",
          targetId: importId,
          companyId: null,
          after: { rows: report.valid.length, mode, skipped: report.invalidLines.length, operatorCounts },
        }),
      );
      return { ok: true as const, importId, imported: report.valid.length, skipped: report.invalidLines.length, notAvailable, pending: report.valid.length - notAvailable };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    if (isUniqueViolation(error)) {
      return { ok: false, error: "Nothing was imported: some of these ICCIDs were added by someone else meanwhile. Upload the file again to see which." };
    }
    throw error;
  }
}
