import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { allowanceLedger, simLabels, simRules, simStatusHistory, sims, usageRecords } from "@/db/schema";
import { chunks } from "@/db/sql";
import type { LivedSim } from "./demo-history";
import type { Extras } from "./demo-people";
import type { PlanSpec } from "./plan-catalog";

export type Ids = {
  operators: Map<string, string>;
  companies: Map<string, string>;
  plans: Map<PlanSpec, string>;
  users: Map<string, string>;
  labels: Map<string, string>;
  rules: Map<string, string>;
};

const ROW_BATCH = 2_000;

function need<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed: ${what} ${String(key)} is missing`);
  return value;
}

function simRow(sim: LivedSim, extras: Extras | undefined, ids: Ids) {
  const last = sim.history[sim.history.length - 1];
  const changedAt = last?.at ?? sim.createdAt;
  return {
    iccid: sim.iccid,
    formFactor: sim.formFactor,
    operatorId: need(ids.operators, sim.operator.name, "operator"),
    status: sim.status,
    statusReason: last?.reason ?? null,
    statusDetail: last?.detail ?? null,
    statusChangedAt: changedAt,
    planId: sim.plan === null ? null : need(ids.plans, sim.plan, "plan"),
    simType: sim.plan?.type ?? null,
    companyId: sim.company === null ? null : need(ids.companies, sim.company, "company"),
    endUserId: extras?.endUser ? need(ids.users, extras.endUser, "user") : null,
    storeUse: sim.storeUse,
    imsi: sim.imsi,
    msisdn: sim.msisdn,
    eid: sim.esim?.eid ?? null,
    activationCode: sim.esim?.activationCode ?? null,
    confirmationCode: sim.esim?.confirmationCode ?? null,
    inSession: sim.inSession,
    sessionUpdatedAt: sim.sessionUpdatedAt,
    note: extras?.note ?? null,
    createdAt: sim.createdAt,
    updatedAt: changedAt,
  };
}

/** Inserts missing SIMs (with their history) and returns the id of every demo SIM by ICCID. */
export async function writeSims(db: Db, lived: LivedSim[], extras: Map<string, Extras>, ids: Ids): Promise<Map<string, number>> {
  const fresh = new Set<string>();
  for (const batch of chunks(lived, 500)) {
    const rows = batch.map((s) => simRow(s, extras.get(s.iccid), ids));
    const inserted = await db.insert(sims).values(rows).onConflictDoNothing({ target: sims.iccid }).returning({ iccid: sims.iccid });
    for (const r of inserted) fresh.add(r.iccid);
  }
  const simIds = new Map<string, number>();
  for (const batch of chunks(lived, 1_000)) {
    const found = await db.select({ id: sims.id, iccid: sims.iccid }).from(sims).where(inArray(sims.iccid, batch.map((s) => s.iccid)));
    for (const r of found) simIds.set(r.iccid, r.id);
  }
  // History has no natural key: it is written once, together with the SIM it belongs to.
  const history = lived
    .filter((s) => fresh.has(s.iccid))
    .flatMap((s) =>
      s.history.map((h) => ({
        simId: need(simIds, s.iccid, "sim"),
        fromStatus: h.from,
        toStatus: h.to,
        reason: h.reason,
        detail: h.detail,
        actorKind: h.actorKind,
        actorUserId: h.actorEmail === null ? null : (ids.users.get(h.actorEmail) ?? null),
        createdAt: h.at,
      })),
    );
  for (const batch of chunks(history, ROW_BATCH)) await db.insert(simStatusHistory).values(batch);
  return simIds;
}

export async function writeLinks(db: Db, lived: LivedSim[], extras: Map<string, Extras>, ids: Ids, simIds: Map<string, number>): Promise<void> {
  const labelRows: { simId: number; labelId: string }[] = [];
  const ruleRows: { simId: number; ruleId: string }[] = [];
  for (const sim of lived) {
    const e = extras.get(sim.iccid);
    const simId = need(simIds, sim.iccid, "sim");
    for (const key of e?.labels ?? []) labelRows.push({ simId, labelId: need(ids.labels, key, "label") });
    for (const name of e?.rules ?? []) ruleRows.push({ simId, ruleId: need(ids.rules, `${sim.company}/${name}`, "rule") });
  }
  for (const batch of chunks(labelRows, ROW_BATCH)) await db.insert(simLabels).values(batch).onConflictDoNothing();
  for (const batch of chunks(ruleRows, ROW_BATCH)) await db.insert(simRules).values(batch).onConflictDoNothing();
}

/** Usage records and allowance ledger; their source keys make a rerun insert nothing. */
export async function writeActivity(db: Db, lived: LivedSim[], simIds: Map<string, number>, log: (line: string) => void): Promise<void> {
  const usage = lived.flatMap((s) => (s.activity?.usage ?? []).map((u) => ({ simId: need(simIds, s.iccid, "sim"), ...u })));
  const ledger = lived.flatMap((s) => (s.activity?.ledger ?? []).map((l) => ({ simId: need(simIds, s.iccid, "sim"), ...l })));
  const started = Date.now();
  for (const batch of chunks(usage, ROW_BATCH)) {
    await db.insert(usageRecords).values(batch).onConflictDoNothing({ target: usageRecords.sourceKey });
  }
  for (const batch of chunks(ledger, ROW_BATCH)) {
    await db.insert(allowanceLedger).values(batch).onConflictDoNothing({ target: allowanceLedger.sourceKey });
  }
  log(`usage: ${usage.length} records and ${ledger.length} ledger entries checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
