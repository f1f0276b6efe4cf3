import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { executeCount, pgArray } from "@/db/sql";
import type { FleetBatch } from "./fleet-rows";

// Per-statement lookup arrays: rows carry small 1-based positions into these instead of
// repeating 36-character uuids, which keeps each statement (and its parsing) small.
export type FleetLookups = {
  operatorIds: string[];
  mccMncs: string[];
  countries: string[];
  planIds: string[];
  planTypes: string[];
  companyIds: string[];
  labelIds: string[];
};

const ts = (column: string) => sql.raw(`to_timestamp(t.${column} / 1000.0)`);

function source(b: FleetBatch): SQL {
  return sql`unnest(
    ${pgArray(b.iccid, "text")}, ${pgArray(b.formFactor, "form_factor")}, ${pgArray(b.op, "int")}, ${pgArray(b.status, "sim_status")},
    ${pgArray(b.reason, "status_reason")}, ${pgArray(b.detail, "text")}, ${pgArray(b.changed, "bigint")}, ${pgArray(b.plan, "int")},
    ${pgArray(b.company, "int")}, ${pgArray(b.endUser, "uuid")}, ${pgArray(b.imsi, "text")}, ${pgArray(b.msisdn, "text")},
    ${pgArray(b.eid, "text")}, ${pgArray(b.activationCode, "text")}, ${pgArray(b.confirmationCode, "text")},
    ${pgArray(b.inSession, "boolean")}, ${pgArray(b.sessionAt, "bigint")}, ${pgArray(b.dataLeft, "bigint")},
    ${pgArray(b.validUntil, "bigint")}, ${pgArray(b.monthBytes, "bigint")}, ${pgArray(b.lastUsage, "bigint")},
    ${pgArray(b.note, "text")}, ${pgArray(b.created, "bigint")}, ${pgArray(b.label, "int")}, ${pgArray(b.grantBytes, "bigint")},
    ${pgArray(b.grantAt, "bigint")}, ${pgArray(b.debitBytes, "bigint")}, ${pgArray(b.usageBytes, "bigint")}
  ) AS t(iccid, form_factor, op, status, reason, detail, changed, plan, company, end_user, imsi, msisdn, eid, activation_code,
         confirmation_code, in_session, session_at, data_left, valid_until, month_bytes, last_usage, note, created, label,
         grant_bytes, grant_at, debit_bytes, usage_bytes)`;
}

/**
 * Inserts one batch of fleet SIMs and, for the SIMs actually inserted, their label, last
 * usage record and prepaid ledger entries: one round trip, all or nothing. Returns SIMs added.
 */
export async function insertFleetBatch(db: Db, b: FleetBatch, lk: FleetLookups, period: string): Promise<number> {
  return executeCount(
    db,
    sql`
      WITH lk AS (
        SELECT ${pgArray(lk.operatorIds, "uuid")} AS ops, ${pgArray(lk.mccMncs, "text")} AS mccs, ${pgArray(lk.countries, "text")} AS countries,
          ${pgArray(lk.planIds, "uuid")} AS plans, ${pgArray(lk.planTypes, "sim_type")} AS plan_types,
          ${pgArray(lk.companyIds, "uuid")} AS companies, ${pgArray(lk.labelIds, "uuid")} AS labels
      ),
      src AS (SELECT t.* FROM ${source(b)}),
      ins AS (
        INSERT INTO sims (iccid, form_factor, operator_id, status, status_reason, status_detail, status_changed_at, plan_id,
          sim_type, company_id, end_user_id, imsi, msisdn, eid, activation_code, confirmation_code, in_session,
          session_updated_at, data_left_bytes, valid_until, month_usage_bytes, month_usage_period, last_usage_at, note,
          created_at, updated_at)
        SELECT t.iccid, t.form_factor, lk.ops[t.op], t.status, t.reason, t.detail, ${ts("changed")}, lk.plans[t.plan],
          lk.plan_types[t.plan], lk.companies[t.company], t.end_user, t.imsi, t.msisdn, t.eid, t.activation_code,
          t.confirmation_code, t.in_session, ${ts("session_at")}, t.data_left, ${ts("valid_until")}, t.month_bytes,
          ${period}::date, ${ts("last_usage")}, t.note, ${ts("created")}, ${ts("changed")}
        FROM src t CROSS JOIN lk
        ON CONFLICT (iccid) DO NOTHING
        RETURNING id, iccid
      ),
      fresh AS (SELECT ins.id, t.* FROM ins JOIN src t USING (iccid)),
      labelled AS (
        INSERT INTO sim_labels (sim_id, label_id)
        SELECT t.id, lk.labels[t.label] FROM fresh t CROSS JOIN lk WHERE t.label IS NOT NULL
        ON CONFLICT DO NOTHING
      ),
      used AS (
        INSERT INTO usage_records (sim_id, source_key, started_at, bytes, mcc_mnc, country_code)
        SELECT t.id, 'fleet:' || t.iccid || ':1', ${ts("last_usage")}, t.usage_bytes, lk.mccs[t.op], lk.countries[t.op]
        FROM fresh t CROSS JOIN lk WHERE t.usage_bytes IS NOT NULL
        ON CONFLICT (source_key) DO NOTHING
      ),
      granted AS (
        INSERT INTO allowance_ledger (sim_id, kind, bytes, valid_until, source_key, created_at)
        SELECT t.id, 'grant'::ledger_entry_kind, t.grant_bytes, ${ts("valid_until")}, 'fleet:grant:' || t.iccid, ${ts("grant_at")}
        FROM fresh t WHERE t.grant_bytes IS NOT NULL
        UNION ALL
        SELECT t.id, 'debit'::ledger_entry_kind, t.debit_bytes, NULL, 'fleet:debit:' || t.iccid, ${ts("last_usage")}
        FROM fresh t WHERE t.debit_bytes > 0
        ON CONFLICT (source_key) DO NOTHING
      )
      SELECT count(*)::int AS n FROM ins`,
  );
}
