import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, labels, operators, plans, simLabels, simStatusHistory, sims, users } from "@/db/schema";
import { executeCount } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { sampleEid, sampleIccid } from "@/lib/sims/import/sample";
import { importSims, previewSimImport, type ImportViewer } from "./sim-import";

const db = () => getDb();
const NOW = new Date("2026-04-01T09:00:00Z");
const HEADER = "iccid,operator,form_factor,imsi,msisdn,eid,activation_code,company,plan,labels";
const AC = "LPA:1$smdp.example.com$ABC-1";

let staff: ImportViewer;
let companyAdmin: ImportViewer;
let n = 0;
const nextIccid = () => sampleIccid((n += 1), "8944777");

beforeAll(async () => {
  const [acme] = await db().insert(companies).values({ name: "Acme" }).returning();
  if (!acme) throw new Error("fixture");
  const [s, a] = await db()
    .insert(users)
    .values([
      { email: "staff@import.example", role: "staff" },
      { email: "admin@import.example", role: "company_admin", companyId: acme.id },
    ])
    .returning();
  if (!s || !a) throw new Error("fixture");
  staff = { userId: s.id, role: s.role };
  companyAdmin = { userId: a.id, role: a.role };
  const [live, dark] = await db()
    .insert(operators)
    .values([
      { name: "Live Mobile", countryCode: "GB", currency: "GBP", driver: "simulator" },
      { name: "Dark Tel", countryCode: "ES", currency: "EUR", driver: "none" },
    ])
    .returning();
  if (!live || !dark) throw new Error("fixture");
  await db().insert(plans).values({ operatorId: live.id, type: "paygo", customName: "Live Go", currency: "GBP", defaultPerMbMicros: 10_000 });
  await db()
    .insert(labels)
    .values([
      { name: "Fleet", companyId: null },
      { name: "Trucks", companyId: acme.id },
    ]);
});

const csv = (lines: string[]) => [HEADER, ...lines].join("\n");
const physical = (iccid: string, operator = "Live Mobile", extra = ",,,,,,") => `${iccid},${operator},physical${extra}`;

async function simsOf(iccids: string[]) {
  return db().select().from(sims).where(inArray(sims.iccid, iccids)).orderBy(asc(sims.iccid));
}

async function importAudits() {
  return db().select().from(auditLog).where(eq(auditLog.action, "sims.import")).orderBy(asc(auditLog.id));
}

describe("importSims", () => {
  it("refuses the whole file in 'all' mode when one row is wrong, and writes nothing", async () => {
    const good = nextIccid();
    const before = (await importAudits()).length;
    const result = await importSims(staff, csv([physical(good), physical(nextIccid(), "Nobody")]), "all", { now: NOW });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("1 of 2 rows have errors") });
    expect(await simsOf([good])).toEqual([]);
    expect(await importAudits()).toHaveLength(before);
  });

  it("in 'valid' mode writes exactly the valid rows, with statuses per driver, history and one audit row", async () => {
    const [a, b, bad, c] = [nextIccid(), nextIccid(), nextIccid(), nextIccid()];
    const before = (await importAudits()).length;
    const result = await importSims(
      staff,
      csv([
        `${a},Live Mobile,esim,234150000000001,447700900001,${sampleEid(1)},${AC},Acme,Live Go,Fleet;Trucks`,
        physical(b, "Dark Tel"),
        `${bad},Live Mobile,esim,,,,,,,`,
        physical(c),
      ]),
      "valid",
      { now: NOW },
    );
    expect(result).toMatchObject({ ok: true, imported: 3, skipped: 1, pending: 2, notAvailable: 1 });
    const rows = await simsOf([a, b, bad, c]);
    expect(rows.map((r) => [r.iccid, r.status, r.statusReason])).toEqual(
      [
        [a, "pending", "import"],
        [b, "not_available", "import"],
        [c, "pending", "import"],
      ].sort(),
    );
    const esim = rows.find((r) => r.iccid === a);
    expect(esim).toMatchObject({ formFactor: "esim", simType: "paygo", msisdn: "447700900001", activationCode: AC, statusDetail: "Being checked by the operator after upload" });
    expect(esim?.companyId).not.toBeNull();
    expect(esim?.planId).not.toBeNull();

    const history = await db().select().from(simStatusHistory).where(inArray(simStatusHistory.simId, rows.map((r) => r.id)));
    expect(history).toHaveLength(3);
    expect(history.every((h) => h.fromStatus === null && h.reason === "import" && h.actorKind === "user" && h.actorUserId === staff.userId)).toBe(true);

    const linked = await db()
      .select({ name: labels.name })
      .from(simLabels)
      .innerJoin(labels, eq(labels.id, simLabels.labelId))
      .where(eq(simLabels.simId, esim?.id ?? -1))
      .orderBy(asc(labels.name));
    expect(linked.map((l) => l.name)).toEqual(["Fleet", "Trucks"]);

    const audits = await importAudits();
    expect(audits).toHaveLength(before + 1);
    const audit = audits.at(-1);
    expect(audit).toMatchObject({ actorUserId: staff.userId, targetType: "import", after: { rows: 3, operatorCounts: { "Live Mobile": 2, "Dark Tel": 1 } } });
    expect(result.ok && audit?.targetId).toBe(result.ok ? result.importId : undefined);
  });

  it("keeps the per-status counters in step", async () => {
    const iccid = nextIccid();
    const count = () => executeCount(db(), sql`select coalesce(sum(count), 0)::int as n from sim_counts where status = 'not_available'`);
    const before = await count();
    await importSims(staff, csv([physical(iccid, "Dark Tel")]), "all", { now: NOW });
    expect(await count()).toBe(before + 1);
  });

  it("refuses an ICCID already in the database, in the preview and in the import", async () => {
    const iccid = nextIccid();
    expect(await importSims(staff, csv([physical(iccid)]), "all", { now: NOW })).toMatchObject({ ok: true, imported: 1 });
    const preview = await previewSimImport(staff, csv([physical(iccid)]));
    expect(preview).toMatchObject({ ok: true, report: { issues: [{ line: 2, column: "iccid", message: "This ICCID is already in the portal" }] } });
    expect(await importSims(staff, csv([physical(iccid)]), "valid", { now: NOW })).toMatchObject({ ok: false, error: expect.stringContaining("no row is valid") });
    expect(await simsOf([iccid])).toHaveLength(1);
  });

  it("rolls the whole file back when the unique index refuses a row (a concurrent import)", async () => {
    const [first, raced] = [nextIccid(), nextIccid()];
    const both = csv([physical(first), physical(raced)]);
    // Two imports of overlapping files at once: exactly one of them wins the shared ICCID.
    const [x, y] = await Promise.all([importSims(staff, both, "all", { now: NOW }), importSims(staff, csv([physical(raced)]), "all", { now: NOW })]);
    expect([x, y].filter((r) => r.ok)).toHaveLength(1);
    const stored = await simsOf([first, raced]);
    expect(stored.map((s) => s.iccid)).toContain(raced);
    // Either the two-row file went in whole, or nothing of it did.
    if (!x.ok) expect(stored.map((s) => s.iccid)).toEqual([raced]);
  });

  it("writes nothing for a preview", async () => {
    const iccid = nextIccid();
    expect(await previewSimImport(staff, csv([physical(iccid)]))).toMatchObject({ ok: true, report: { rows: 1, issues: [] } });
    expect(await simsOf([iccid])).toEqual([]);
  });

  it("refuses anyone but staff", async () => {
    const iccid = nextIccid();
    await expect(importSims(companyAdmin, csv([physical(iccid)]), "all")).rejects.toBeInstanceOf(AppError);
    await expect(previewSimImport(companyAdmin, csv([physical(iccid)]))).rejects.toMatchObject({ code: "forbidden" });
    expect(await simsOf([iccid])).toEqual([]);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "sims.import"), eq(auditLog.actorUserId, companyAdmin.userId)))).toEqual([]);
  });
});
