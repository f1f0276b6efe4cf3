import { inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, labels, operators, plans, simLabels, sims, users } from "@/db/schema";
import type { Scope } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { luhnCheckDigit } from "@/lib/sims/luhn";
import { SORT_KEYS, type SimListQuery } from "@/lib/sims/list-query";
import { countSimsByStatus, fetchSimRows, iterateSims, listSims } from "./sims-list";

const NOW = new Date("2026-11-26T12:00:00Z");
const STATUSES = ["active", "suspended", "pending", "activation_ready", "invalid", "blank"] as const;
const iccidFor = (n: number) => {
  const body = `8944100000${String(n).padStart(8, "0")}`;
  return body + luhnCheckDigit(body);
};

let acme: string;
let globex: string;
let endUser: string;
let label: string;
type Fixture = { iccid: string; status: string; simType: string | null; dataLeftBytes: number | null; validUntil: Date | null; monthUsageBytes: number };
const fixtures: Fixture[] = [];

beforeAll(async () => {
  const db = getDb();
  const [op] = await db.insert(operators).values({ name: "Op", countryCode: "GB", currency: "GBP", driver: "simulator" }).returning();
  const [a, b] = await db.insert(companies).values([{ name: "Acme" }, { name: "Globex" }]).returning();
  if (!op || !a || !b) throw new Error("fixture");
  acme = a.id;
  globex = b.id;
  const [u] = await db.insert(users).values({ email: "jane.doe@acme.example", role: "end_user", companyId: acme }).returning();
  const [plan] = await db
    .insert(plans)
    .values({ operatorId: op.id, type: "prepaid", currency: "GBP", priceMinor: 1000, dataBytes: 1e9, validityDays: 30 })
    .returning();
  const [l] = await db.insert(labels).values({ name: "Trucks", companyId: acme }).returning();
  if (!u || !plan || !l) throw new Error("fixture");
  endUser = u.id;
  label = l.id;

  for (let n = 0; n < 30; n++) {
    const company = n < 15 ? acme : n < 25 ? globex : null;
    const prepaid = n % 3 !== 0 && company !== null;
    const row = {
      iccid: iccidFor(n),
      formFactor: n % 4 === 0 ? ("esim" as const) : ("physical" as const),
      operatorId: op.id,
      status: STATUSES[n % STATUSES.length] ?? "active",
      planId: prepaid ? plan.id : null,
      simType: prepaid ? ("prepaid" as const) : null,
      companyId: company,
      endUserId: n < 5 ? endUser : null,
      inSession: n % 5 === 0 ? null : n % 2 === 0,
      // Repeated values, so the sort must fall back to the ICCID to be stable.
      dataLeftBytes: prepaid ? (n % 4) * 1_000_000 : null,
      validUntil: prepaid ? new Date(NOW.getTime() + (n % 3) * 86_400_000) : null,
      monthUsageBytes: (n % 5) * 1000,
      monthUsagePeriod: "2026-11-01",
      note: n === 7 ? "Truck 14 – Rotterdam depot" : null,
      msisdn: `4477000000${String(n).padStart(2, "0")}`,
    };
    fixtures.push(row);
    const [sim] = await db.insert(sims).values(row).returning({ id: sims.id });
    if (sim && n < 10 && n % 2 === 0) await db.insert(simLabels).values({ simId: sim.id, labelId: label });
  }
});

const platform: Scope = { kind: "platform" };
const acmeAdmin = (): Scope => ({ kind: "company", companyId: acme });

async function allIccids(scope: Scope, query: SimListQuery = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of iterateSims(scope, query, NOW, 7)) out.push(...batch.map((r) => r.iccid));
  return out;
}

describe("SIMs list scoping", () => {
  it("gives each role exactly its scope", async () => {
    expect(await allIccids(platform)).toHaveLength(30);
    expect(await allIccids(acmeAdmin())).toEqual(fixtures.slice(0, 15).map((f) => f.iccid));
    expect(await allIccids({ kind: "company", companyId: globex })).toHaveLength(10);
    expect(await allIccids({ kind: "end_user", userId: endUser })).toEqual(fixtures.slice(0, 5).map((f) => f.iccid));
  });

  it("ignores a company filter outside a company admin's scope", async () => {
    expect(await allIccids(acmeAdmin(), { company: globex })).toHaveLength(15);
    expect(await allIccids(platform, { company: globex })).toHaveLength(10);
    expect(await allIccids(platform, { company: "none" })).toHaveLength(5);
  });
});

describe("SIMs list filters and search", () => {
  it("filters by status, type, session and label", async () => {
    expect(await allIccids(platform, { status: "blank" })).toEqual(fixtures.filter((f) => f.status === "blank").map((f) => f.iccid));
    expect(await allIccids(platform, { type: "none" })).toHaveLength(fixtures.filter((f) => f.simType === null).length);
    expect(await allIccids(platform, { session: "na" })).toHaveLength(6);
    expect(await allIccids(platform, { label })).toHaveLength(5);
  });

  it("searches by ICCID prefix, MSISDN prefix, e-mail and note", async () => {
    expect(await allIccids(platform, { q: iccidFor(12).slice(0, 18) })).toEqual([iccidFor(12)]);
    expect(await allIccids(platform, { q: "+447700000029" })).toEqual([iccidFor(29)]);
    expect(await allIccids(platform, { q: "jane.doe" })).toHaveLength(5);
    expect(await allIccids(platform, { q: "rotterdam" })).toEqual([iccidFor(7)]);
    expect(await allIccids(platform, { q: "100%_" })).toEqual([]);
  });

  it("counts per status for the current filters, whatever the status filter", async () => {
    const counts = await countSimsByStatus(acmeAdmin(), { status: "active" });
    const expected: Record<string, number> = {};
    for (const f of fixtures.slice(0, 15)) expected[f.status] = (expected[f.status] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });
});

// The order the list promises: by the column, then ICCID; rows without a value last either way.
function expectedOrder(key: (typeof SORT_KEYS)[number], dir: "asc" | "desc"): string[] {
  const enumRank = ["not_available", "pending", "blank", "activation_ready", "active", "suspended", "invalid"];
  const typeRank = ["prepaid", "subscription", "paygo"];
  const sortValue = (f: Fixture): string | number | null =>
    ({
      iccid: f.iccid,
      status: enumRank.indexOf(f.status),
      type: f.simType === null ? null : typeRank.indexOf(f.simType),
      data_left: f.dataLeftBytes,
      days_left: f.validUntil?.getTime() ?? null,
      month_usage: f.monthUsageBytes,
    })[key];
  const sign = dir === "asc" ? 1 : -1;
  return [...fixtures]
    .sort((x, y) => {
      const a = sortValue(x);
      const b = sortValue(y);
      if (a === null || b === null) return a === b ? sign * x.iccid.localeCompare(y.iccid) : a === null ? 1 : -1;
      if (a !== b) return sign * (a < b ? -1 : 1);
      return sign * x.iccid.localeCompare(y.iccid);
    })
    .map((f) => f.iccid);
}

describe("keyset pagination", () => {
  for (const sort of SORT_KEYS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`walks every page forward and back, sorted by ${sort} ${dir}`, async () => {
        const query: SimListQuery = { sort, dir };
        const pages: string[][] = [];
        let page = await fetchSimRows(platform, query, 4);
        expect(page.prev).toBeNull();
        pages.push(page.rows.map((r) => r.iccid));
        while (page.next) {
          page = await fetchSimRows(platform, { ...query, after: page.next }, 4);
          pages.push(page.rows.map((r) => r.iccid));
        }
        expect(pages.flat()).toEqual(expectedOrder(sort, dir));

        for (let i = pages.length - 2; i >= 0; i--) {
          expect(page.prev).not.toBeNull();
          page = await fetchSimRows(platform, { ...query, before: page.prev ?? undefined }, 4);
          expect(page.rows.map((r) => r.iccid)).toEqual(pages[i]);
        }
        expect(page.prev).toBeNull();
      });
    }
  }

  it("refuses a forged cursor with a clear error", async () => {
    await expect(fetchSimRows(platform, { after: "not-a-cursor" })).rejects.toBeInstanceOf(AppError);
  });

  it("renders the spec's columns for a page", async () => {
    const page = await listSims(acmeAdmin(), { q: iccidFor(1) }, NOW);
    expect(page.rows).toHaveLength(1);
    const [row] = page.rows;
    expect(row).toMatchObject({ iccid: iccidFor(1), company: "Acme", endUserEmail: "jane.doe@acme.example", operator: "Op", simType: "prepaid" });
    expect(row?.plan).toBe("Op Prepaid 1 GB / 30 days · £10.00");
    expect(row?.dataLeft.text).toBe("1");
    expect(row?.daysLeft.text).toBe("1");
  });
});

describe("cursors", () => {
  it("refuse a value that does not fit the sort, instead of failing in the database", async () => {
    const forged = (v: string | number | null) => Buffer.from(JSON.stringify({ v, i: iccidFor(1) })).toString("base64url");
    await expect(fetchSimRows(platform, { sort: "data_left", after: forged("abc") })).rejects.toBeInstanceOf(AppError);
    await expect(fetchSimRows(platform, { sort: "status", after: forged("sleeping") })).rejects.toBeInstanceOf(AppError);
    await expect(fetchSimRows(platform, { sort: "iccid", after: forged(null) })).rejects.toBeInstanceOf(AppError);
    await expect(fetchSimRows(platform, { sort: "days_left", after: forged("tomorrow") })).rejects.toBeInstanceOf(AppError);
  });

  // Runs last: it changes the fixtures' validity ends.
  it("page through equal timestamps with microseconds without repeating or skipping", async () => {
    await getDb()
      .update(sims)
      .set({ validUntil: sql`'2026-12-01 00:00:00.123456+00'::timestamptz` })
      .where(inArray(sims.iccid, fixtures.slice(0, 12).map((f) => f.iccid)));
    for (const dir of ["asc", "desc"] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let guard = 0; guard < 40; guard++) {
        const page = await fetchSimRows(platform, { sort: "days_left", dir, after }, 2);
        seen.push(...page.rows.map((r) => r.iccid));
        if (!page.next) break;
        after = page.next;
      }
      expect(new Set(seen).size).toBe(30);
      expect(seen).toHaveLength(30);
    }
  });
});
