import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, companies, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { type AuditEntry, type AuditFilters, listAuditEntries } from "./audit";

// The audit table is append-only (not even TRUNCATE), so the fixtures are written once and every
// test picks its rows out by target id or company.

const db = () => getDb();
const T0 = new Date("2026-03-10T12:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ACME_SIM = "8944000000000000011";
const ACME_SIM_2 = "8944000000000000012";
const GLOBEX_SIM = "8944000000000000021";
const OPERATOR_ID = "0b7d1a8e-3c1f-4b8e-9d1a-2f3c4b5d6e7f";
const PAGED_SIM = "8944000000000000099";

let acme: Scope;
let globex: Scope;
const platform: Scope = { kind: "platform" };
let ids: { acme: number[]; globex: number[]; platform: number[]; paged: number[] };
let acmeAdminId: string;

type Insert = typeof auditLog.$inferInsert;

async function insert(values: Insert[]): Promise<number[]> {
  const rows = await db().insert(auditLog).values(values).returning({ id: auditLog.id });
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  const [a, g] = await db().insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  if (!a || !g) throw new Error("fixture");
  acme = { kind: "company", companyId: a.id };
  globex = { kind: "company", companyId: g.id };
  const [staff, acmeAdmin, globexAdmin] = await db()
    .insert(users)
    .values([
      { email: "staff@test.example", role: "staff" },
      { email: "admin@acme.test", role: "company_admin", companyId: a.id },
      { email: "admin@globex.test", role: "company_admin", companyId: g.id },
    ])
    .returning();
  if (!staff || !acmeAdmin || !globexAdmin) throw new Error("fixture");
  acmeAdminId = acmeAdmin.id;

  const sim = (action: string, iccid: string, companyId: string, actorUserId: string, minutes: number): Insert => ({
    actorKind: "user",
    actorUserId,
    action,
    targetType: "sim",
    targetId: iccid,
    companyId,
    before: { status: action === "sim.suspend" ? "active" : "suspended" },
    after: { status: "pending" },
    createdAt: at(minutes),
  });
  ids = {
    acme: await insert([
      sim("sim.suspend", ACME_SIM, a.id, acmeAdmin.id, 0),
      sim("sim.resume", ACME_SIM, a.id, acmeAdmin.id, 60),
      sim("sim.suspend", ACME_SIM_2, a.id, staff.id, 24 * 60),
      { actorKind: "system", action: "sim.status", targetType: "sim", targetId: ACME_SIM_2, companyId: a.id, createdAt: at(2 * 24 * 60) },
    ]),
    globex: await insert([sim("sim.suspend", GLOBEX_SIM, g.id, globexAdmin.id, 30)]),
    platform: await insert([
      {
        actorKind: "user",
        actorUserId: staff.id,
        action: "operator.update",
        targetType: "operator",
        targetId: OPERATOR_ID,
        before: { contractNotes: null },
        after: { contractNotes: "Renewed", credentialsChanged: false },
        createdAt: at(90),
      },
      { actorKind: "system", action: "seed", targetType: "database", targetId: "demo", after: { clock: T0.toISOString() }, createdAt: at(-60) },
    ]),
    // Seven entries in one microsecond and five in the next, inserted out of order: only the id
    // tells the tied ones apart, and a cursor that dropped the microseconds would lose rows.
    paged: await insert(
      [5, 1, 9, 3, 7, 11, 2, 8, 4, 10, 6, 12].map((k) => ({
        actorKind: "operator" as const,
        action: "sim.sync",
        targetType: "sim",
        targetId: PAGED_SIM,
        companyId: a.id,
        createdAt: k % 2 ? new Date("2026-04-01T08:00:00.000Z") : new Date("2026-04-01T08:00:00.001Z"),
      })),
    ),
  };
  // Microsecond timestamps that a JavaScript Date cannot hold.
  ids.paged.push(
    ...(await db()
      .insert(auditLog)
      .values(
        ["2026-04-01 08:00:00.000400+00", "2026-04-01 08:00:00.000400+00", "2026-04-01 08:00:00.000401+00"].map((ts) => ({
          actorKind: "operator" as const,
          action: "sim.sync",
          targetType: "sim",
          targetId: PAGED_SIM,
          companyId: a.id,
          createdAt: sql`${ts}::timestamptz`,
        })),
      )
      .returning({ id: auditLog.id })
      .then((rows) => rows.map((r) => r.id))),
  );
});

// Every page of a view, following `next` from the first.
async function allPages(scope: Scope, filters: AuditFilters, size = 50): Promise<AuditEntry[][]> {
  const pages: AuditEntry[][] = [];
  let after: string | undefined;
  do {
    const page = await listAuditEntries(scope, { ...filters, after }, size);
    pages.push(page.rows);
    after = page.next ?? undefined;
    if (pages.length > 100) throw new Error("pagination does not end");
  } while (after);
  return pages;
}
const idsOf = (rows: AuditEntry[]) => rows.map((r) => r.id).sort((x, y) => x - y);
const sorted = (list: number[]) => [...list].sort((x, y) => x - y);
// The fixtures' ids at these positions.
const pick = (list: number[], ...positions: number[]) => list.filter((_, i) => positions.includes(i));

describe("scope", () => {
  it("shows staff every entry, platform ones included", async () => {
    const all = await db().select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
    const rows = (await allPages(platform, {})).flat();
    expect(idsOf(rows)).toEqual(all.map((r) => r.id));
    expect(idsOf(rows)).toEqual(expect.arrayContaining(ids.platform));
  });

  it("shows a company admin only their company's entries", async () => {
    const rows = (await allPages(acme, {})).flat();
    expect(idsOf(rows)).toEqual(sorted([...ids.acme, ...ids.paged]));
    expect(idsOf(await listAuditEntries(globex, {}).then((p) => p.rows))).toEqual(ids.globex);
  });

  it("keeps a forged filter inside the company", async () => {
    const forged: AuditFilters[] = [
      { targetType: "operator" },
      { targetType: "operator", targetId: OPERATOR_ID },
      { targetId: GLOBEX_SIM },
      { targetType: "database", targetId: "demo" },
      { action: "operator." },
      { actorEmail: "admin@globex.test" },
      // Staff did act on an Acme SIM, but staff are not named to a company admin.
      { actorEmail: "staff@test.example" },
    ];
    for (const filters of forged) {
      expect((await listAuditEntries(acme, filters)).rows, JSON.stringify(filters)).toEqual([]);
    }
  });

  it("names staff to staff and hides them from a company admin", async () => {
    const staffEntry = ids.acme[2];
    const forStaff = (await listAuditEntries(platform, { targetId: ACME_SIM_2 })).rows.find((r) => r.id === staffEntry);
    const forAdmin = (await listAuditEntries(acme, { targetId: ACME_SIM_2 })).rows.find((r) => r.id === staffEntry);
    expect(forStaff?.actor).toEqual({ kind: "user", email: "staff@test.example" });
    expect(forAdmin?.actor).toEqual({ kind: "staff" });
  });

  it("shows an end user nothing", async () => {
    expect((await listAuditEntries({ kind: "end_user", userId: acmeAdminId }, {})).rows).toEqual([]);
  });
});

describe("filters", () => {
  const only = async (scope: Scope, filters: AuditFilters) => idsOf((await allPages(scope, filters)).flat());

  it("narrows by action prefix, with LIKE wildcards taken literally", async () => {
    expect(await only(acme, { action: "sim.resume" })).toEqual([ids.acme[1]]);
    expect(await only(platform, { action: "sim.susp" })).toEqual(sorted([...pick(ids.acme, 0, 2), ...ids.globex]));
    expect(await only(platform, { action: "sim_" })).toEqual([]);
    expect(await only(platform, { action: "%" })).toEqual([]);
  });

  it("narrows by target type and exact target id", async () => {
    expect(await only(platform, { targetType: "operator" })).toEqual([ids.platform[0]]);
    expect(await only(platform, { targetId: ACME_SIM })).toEqual(ids.acme.slice(0, 2));
    expect(await only(platform, { targetId: ACME_SIM.slice(0, -1) })).toEqual([]);
    expect(await only(platform, { targetType: "operator", targetId: ACME_SIM })).toEqual([]);
  });

  it("narrows by the actor's e-mail, whatever its case", async () => {
    expect(await only(platform, { actorEmail: "Admin@ACME.test" })).toEqual(ids.acme.slice(0, 2));
    expect(await only(acme, { actorEmail: "admin@acme.test" })).toEqual(ids.acme.slice(0, 2));
    expect(await only(platform, { actorEmail: "nobody@test.example" })).toEqual([]);
  });

  it("narrows by date range: from inclusive, until exclusive", async () => {
    expect(await only(platform, { from: at(60), until: at(24 * 60) })).toEqual(sorted([...pick(ids.acme, 1), ...pick(ids.platform, 0)]));
    expect(await only(acme, { from: at(24 * 60), until: at(2 * 24 * 60 + 1) })).toEqual(ids.acme.slice(2));
  });
});

describe("keyset pagination", () => {
  it("returns every row once, newest first, across pages with equal timestamps", async () => {
    const expected = await db()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.targetId, PAGED_SIM))
      .orderBy(sql`${auditLog.createdAt} desc, ${auditLog.id} desc`);
    const pages = await allPages(acme, { targetId: PAGED_SIM }, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 3]);
    expect(pages.flat().map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(idsOf(pages.flat())).toEqual(sorted(ids.paged));
  });

  it("walks back with `before` to the same pages", async () => {
    const first = await listAuditEntries(platform, { targetId: PAGED_SIM }, 4);
    const second = await listAuditEntries(platform, { targetId: PAGED_SIM, after: first.next ?? undefined }, 4);
    const third = await listAuditEntries(platform, { targetId: PAGED_SIM, after: second.next ?? undefined }, 4);
    expect(first.prev).toBeNull();
    const back = await listAuditEntries(platform, { targetId: PAGED_SIM, before: third.prev ?? undefined }, 4);
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const start = await listAuditEntries(platform, { targetId: PAGED_SIM, before: back.prev ?? undefined }, 4);
    expect(start.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(start.prev).toBeNull();
  });

  it("refuses a malformed cursor with invalid_input", async () => {
    const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const bad = [
      "not-a-cursor",
      token({ t: "yesterday", i: 1 }),
      token({ t: "2026-04-01 08:00:00+00'; drop table audit_log; --", i: 1 }),
      token({ t: "2026-04-01 08:00:00+00", i: -1 }),
      token({ t: "2026-04-01 08:00:00+00", i: "1" }),
    ];
    for (const cursor of bad) {
      for (const filters of [{ after: cursor }, { before: cursor }]) {
        const error = await listAuditEntries(platform, filters).catch((e: unknown) => e);
        expect(error, cursor).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe("invalid_input");
      }
    }
  });
});
