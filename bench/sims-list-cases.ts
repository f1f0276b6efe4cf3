import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { listSimFilterOptions } from "@/db/queries/sim-filters";
import { countSimsByStatus, listSims } from "@/db/queries/sims-list";
import { companies, labels, operators, sims, users } from "@/db/schema";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { encodeCursor } from "@/lib/sims/cursor";
import { simListHref, type SimListQuery } from "@/lib/sims/list-query";

export type BenchCase = { viewer: string; viewerId: string; name: string; path: string; runQueries: () => Promise<unknown> };

async function one<T>(rows: Promise<T[]>, what: string): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error(`benchmark fixture missing: ${what}`);
  return row;
}

// The cases of the issue: first page, a deep page, each filter, search by ICCID prefix and by
// e-mail, sort by data left; for a company admin and for staff.
export async function buildCases(db: Db): Promise<BenchCase[]> {
  const user = (email: string) =>
    one(db.select({ id: users.id, companyId: users.companyId }).from(users).where(eq(users.email, email)), email);
  const staff = await user("staff@example.com");
  const admin = await user("admin@acme.example");
  const acmeId = admin.companyId ?? "";
  const globex = await one(db.select({ id: companies.id }).from(companies).where(eq(companies.name, "Globex")), "Globex");
  const telefonica = await one(db.select({ id: operators.id }).from(operators).where(eq(operators.name, "Telefonica")), "Telefonica");
  const label = await one(db.select({ id: labels.id }).from(labels).where(eq(labels.companyId, acmeId)).orderBy(asc(labels.name)).limit(1), "Acme label");
  const fleetUser = await one(
    db.select({ email: users.email }).from(users).where(and(eq(users.companyId, acmeId), like(users.email, "u%@fleet.example"))).orderBy(asc(users.email)).offset(500).limit(1),
    "Acme fleet user",
  );

  const viewers: { name: string; id: string; scope: Scope; viewer: Pick<Viewer, "companyId"> }[] = [
    { name: "company admin (Acme)", id: admin.id, scope: { kind: "company", companyId: acmeId }, viewer: { companyId: acmeId } },
    { name: "staff", id: staff.id, scope: { kind: "platform" }, viewer: { companyId: null } },
  ];
  const cases: BenchCase[] = [];
  for (const v of viewers) {
    const scoped = v.scope.kind === "company" ? eq(sims.companyId, acmeId) : sql`true`;
    const [total] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(sims).where(scoped);
    const deep = await one(
      db.select({ iccid: sims.iccid }).from(sims).where(scoped).orderBy(asc(sims.iccid)).offset(Math.floor((total?.n ?? 0) * 0.8)).limit(1),
      "deep ICCID",
    );
    const middle = await one(
      db.select({ iccid: sims.iccid }).from(sims).where(scoped).orderBy(asc(sims.iccid)).offset(Math.floor((total?.n ?? 0) * 0.5)).limit(1),
      "middle ICCID",
    );
    const queries: [string, SimListQuery][] = [
      ["first page", {}],
      ["deep page (80%)", { after: encodeCursor({ v: deep.iccid, i: deep.iccid }) }],
      ["status = active", { status: "active" }],
      ["type = prepaid", { type: "prepaid" }],
      ["form = eSIM", { form: "esim" }],
      ["operator = Telefonica", { operator: telefonica.id }],
      ["label", { label: label.id }],
      ["in session = yes", { session: "yes" }],
      ...(v.scope.kind === "platform" ? ([["company = Globex", { company: globex.id }]] as [string, SimListQuery][]) : []),
      ["search ICCID prefix", { q: middle.iccid.slice(0, 15) }],
      ["search e-mail", { q: fleetUser.email.split("@")[0] ?? "" }],
      ["sort data left desc", { sort: "data_left", dir: "desc" }],
    ];
    for (const [name, query] of queries) {
      cases.push({
        viewer: v.name,
        viewerId: v.id,
        name,
        path: simListHref(query),
        runQueries: async () => {
          await Promise.all([listSims(v.scope, query, new Date()), countSimsByStatus(v.scope, query), listSimFilterOptions(v.scope, v.viewer)]);
        },
      });
    }
  }
  return cases;
}
