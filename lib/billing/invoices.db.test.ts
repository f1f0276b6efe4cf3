import { and, asc, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findInvoice, iterateInvoiceLines, listInvoices } from "@/db/queries/invoices";
import { auditLog, companies, invoiceLines, invoices, operators, plans, sims, usageRecords, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { createCreditNote } from "./credit-notes";
import { issueInvoices } from "./invoices";

const db = () => getDb();
const MB = 1_000_000;
let operatorId = "";
let eurPlan = "";
let gbpPlan = "";
let prepaidPlan = "";
let n = 0;
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const adminOf = (companyId: string): Viewer => ({ userId: staff.userId, email: "admin@acme.example", name: null, role: "company_admin", companyId, companyName: null });

async function addCompany(name: string, timeZone = "UTC"): Promise<string> {
  const [row] = await db().insert(companies).values({ name, timeZone }).returning();
  if (!row) throw new Error("company");
  return row.id;
}

async function addSim(companyId: string, planId: string | null, over: Partial<typeof sims.$inferInsert> = {}) {
  n += 1;
  const plan = planId === eurPlan || planId === gbpPlan ? "subscription" : planId ? "prepaid" : null;
  const [row] = await db()
    .insert(sims)
    .values({ iccid: `893407000000${String(1_000_000 + n)}`, formFactor: "physical", operatorId, status: "active", companyId, planId, simType: plan, ...over })
    .returning();
  if (!row) throw new Error("sim");
  return row;
}

async function addUsage(simId: number, startedAt: string, bytes: number) {
  n += 1;
  await db().insert(usageRecords).values({ simId, sourceKey: `test:${n}`, startedAt: new Date(startedAt), bytes });
}

const invoicesOf = (companyId: string) => db().select().from(invoices).where(eq(invoices.companyId, companyId)).orderBy(asc(invoices.periodStart), asc(invoices.currency), asc(invoices.kind));
const linesOf = (invoiceId: string) => db().select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));

beforeAll(async () => {
  const [op] = await db().insert(operators).values({ name: "Simnet", countryCode: "ES", currency: "EUR" }).returning();
  if (!op) throw new Error("operator");
  operatorId = op.id;
  const [eur, gbp, prepaid] = await db()
    .insert(plans)
    .values([
      // EUR 5.00 a month, 250 MB included, EUR 0.01 per MB beyond (1,000,000 micros).
      { operatorId, type: "subscription", currency: "EUR", monthlyFeeMinor: 500, includedBytes: 250 * MB, overagePerMbMicros: 1_000_000 },
      { operatorId, type: "subscription", currency: "GBP", customName: "UK fleet", monthlyFeeMinor: 400, includedBytes: 1_000 * MB, overagePerMbMicros: 20_000 },
      { operatorId, type: "prepaid", currency: "EUR", priceMinor: 1000, dataBytes: 1_000 * MB, validityDays: 30 },
    ])
    .returning();
  if (!eur || !gbp || !prepaid) throw new Error("plans");
  eurPlan = eur.id;
  gbpPlan = gbp.id;
  prepaidPlan = prepaid.id;
  const [s] = await db().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  staff.userId = s?.id ?? "";
});

describe("the issue-invoices job", () => {
  it("bills last month's subscription SIMs per currency: the worked example end to end, once", async () => {
    const acme = await addCompany("Acme");
    const heavy = await addSim(acme, eurPlan);
    await addUsage(heavy.id, "2026-02-28T23:59:59Z", 999 * MB); // February: not this invoice
    await addUsage(heavy.id, "2026-03-01T00:00:00Z", 1_000_000_000);
    await addUsage(heavy.id, "2026-03-31T23:59:59Z", 234_567_890);
    await addUsage(heavy.id, "2026-04-01T00:00:00Z", 999 * MB); // April: not this invoice
    const light = await addSim(acme, eurPlan);
    await addUsage(light.id, "2026-03-10T00:00:00Z", 100 * MB);
    // Billing starts at first usage: usage in February alone still makes March billable.
    const quiet = await addSim(acme, eurPlan);
    await addUsage(quiet.id, "2026-02-10T00:00:00Z", MB);
    const uk = await addSim(acme, gbpPlan);
    await addUsage(uk.id, "2026-03-10T00:00:00Z", 1_500 * MB);
    const neverUsed = await addSim(acme, eurPlan);
    const prepaid = await addSim(acme, prepaidPlan);
    await addUsage(prepaid.id, "2026-03-10T00:00:00Z", 5_000 * MB);
    const startsInApril = await addSim(acme, eurPlan);
    await addUsage(startsInApril.id, "2026-04-01T00:00:01Z", MB);

    // March is invoiced once it has been over for a day, so usage the operator reports late is on it.
    await issueInvoices({ db: db(), now: () => new Date("2026-04-01T23:59:00Z") });
    expect((await invoicesOf(acme)).map((i) => i.periodStart)).toEqual(["2026-02-01"]);
    const first = await issueInvoices({ db: db(), now: () => new Date("2026-04-02T00:05:00Z") });
    expect(first.failed).toBe(0);
    const february = (await invoicesOf(acme)).find((i) => i.periodStart === "2026-02-01");
    const [eur, gbp] = (await invoicesOf(acme)).filter((i) => i.periodStart === "2026-03-01");
    expect(eur).toMatchObject({ kind: "invoice", currency: "EUR", periodStart: "2026-03-01", periodEnd: "2026-04-01", timeZone: "UTC" });
    // Heavy: 500 fee + 985 overage; light and quiet: 500 each.
    expect(eur?.totalMinor).toBe(500 + 985 + 500 + 500);
    const eurLines = await linesOf(eur?.id ?? "");
    expect(eurLines.map((l) => [l.iccid, l.kind, l.usageBytes, l.billableBytes, l.amountMinor])).toEqual([
      [heavy.iccid, "monthly_fee", 1_234_567_890, null, 500],
      [heavy.iccid, "overage", 1_234_567_890, 984_567_890, 985],
      [light.iccid, "monthly_fee", 100 * MB, null, 500],
      [quiet.iccid, "monthly_fee", 0, null, 500],
    ]);
    expect(eurLines[0]?.planName).toBe("Simnet Subscription 250 MB · €5.00/mo");
    // 500 MB beyond 1,000 MB at 20,000 micros/MB (GBP 0.0002/MB) = 10 pence.
    expect(gbp).toMatchObject({ currency: "GBP", totalMinor: 400 + 10 });
    expect((await linesOf(gbp?.id ?? "")).map((l) => [l.planName, l.kind, l.amountMinor])).toEqual([
      ["UK fleet", "monthly_fee", 400],
      ["UK fleet", "overage", 10],
    ]);
    const billed = (await db().select({ simId: invoiceLines.simId }).from(invoiceLines)).map((l) => l.simId);
    for (const sim of [neverUsed, prepaid, startsInApril]) expect(billed).not.toContain(sim.id);

    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, "invoice.issue"), eq(auditLog.companyId, acme)));
    expect(audit.map((a) => [a.actorKind, a.targetId]).sort()).toEqual([["system", february?.number], ["system", eur?.number], ["system", gbp?.number]].sort());
    expect(audit.find((a) => a.targetId === eur?.number)?.after).toMatchObject({ period: "2026-03-01", currency: "EUR", totalMinor: 2_485, lines: 4 });

    // Again, later in April: nothing new, nothing changed.
    const again = await issueInvoices({ db: db(), now: () => new Date("2026-04-20T00:00:00Z") });
    expect(again.issued).toBe(0);
    expect(await invoicesOf(acme)).toEqual([february, eur, gbp]);
  });

  it("run twice in parallel makes one invoice per company, period and currency, numbered without gaps", async () => {
    const companiesInRace = await Promise.all(["Race A", "Race B", "Race C"].map((name) => addCompany(name)));
    for (const company of companiesInRace) {
      const sim = await addSim(company, eurPlan);
      await addUsage(sim.id, "2026-05-10T00:00:00Z", 300 * MB);
    }
    const at = () => new Date("2026-06-02T01:00:00Z");
    const [a, b] = await Promise.all([issueInvoices({ db: db(), now: at }), issueInvoices({ db: db(), now: at })]);
    // The second run waits for the first and finds its invoices: no run fails on the unique index.
    expect([a?.failed, b?.failed]).toEqual([0, 0]);
    expect((a?.issued ?? 0) + (b?.issued ?? 0)).toBeGreaterThanOrEqual(3);
    for (const company of companiesInRace) {
      const issued = await db().select().from(invoices).where(and(eq(invoices.companyId, company), eq(invoices.periodStart, "2026-05-01")));
      // 500 fee + 50 MB beyond at EUR 0.01 = 550.
      expect(issued.map((i) => [i.kind, i.currency, i.totalMinor])).toEqual([["invoice", "EUR", 550]]);
    }
    await expectGaplessSeries("INV-2026");
  });

  it("bills the month in the company's time zone", async () => {
    const ny = await addCompany("New York Co", "America/New_York");
    const sim = await addSim(ny, eurPlan);
    await addUsage(sim.id, "2026-07-01T03:59:59Z", 250 * MB); // 30 June, 23:59:59 in New York: June
    await addUsage(sim.id, "2026-06-01T03:00:00Z", 7 * MB); // 31 May, 23:00 in New York: May
    await addUsage(sim.id, "2026-07-01T04:00:00Z", 9 * MB); // 1 July in New York
    // June ends at 04:00 UTC on 1 July in New York; a day later, at 03:30 UTC on 2 July, it has
    // not been over for a day there yet (in UTC it has).
    await issueInvoices({ db: db(), now: () => new Date("2026-07-02T03:30:00Z") });
    expect((await invoicesOf(ny)).map((i) => i.periodStart)).toEqual(["2026-05-01"]);
    await issueInvoices({ db: db(), now: () => new Date("2026-07-02T04:30:00Z") });
    const june = (await invoicesOf(ny)).find((i) => i.periodStart === "2026-06-01");
    expect(june).toMatchObject({ periodEnd: "2026-07-01", timeZone: "America/New_York", totalMinor: 500 });
    expect((await linesOf(june?.id ?? "")).map((l) => l.usageBytes)).toEqual([250 * MB]);
  });

  it("bills a swapped line once, on the SIM that took it over, with the retired SIM's usage", async () => {
    const swapCo = await addCompany("Swap Co");
    const old = await addSim(swapCo, null, { retiredAt: new Date("2026-08-15T00:00:00Z"), status: "blank" });
    await addUsage(old.id, "2026-08-05T00:00:00Z", 200 * MB);
    const fresh = await addSim(swapCo, eurPlan, { replacesSimId: old.id });
    await addUsage(fresh.id, "2026-08-20T00:00:00Z", 100 * MB);
    await issueInvoices({ db: db(), now: () => new Date("2026-09-02T00:00:00Z") });
    const [invoice] = await invoicesOf(swapCo);
    expect((await linesOf(invoice?.id ?? "")).map((l) => [l.iccid, l.kind, l.usageBytes, l.amountMinor])).toEqual([
      [fresh.iccid, "monthly_fee", 300 * MB, 500],
      [fresh.iccid, "overage", 300 * MB, 50],
    ]);
  });

  it("issues a fleet's invoice with more lines than one statement can carry, and pages them", async () => {
    const fleet = await addCompany("Fleet Co");
    const rows = Array.from({ length: 1_100 }, (_, i) => ({
      iccid: `894400000${String(1_000_000_000 + i)}`,
      formFactor: "physical" as const,
      operatorId,
      status: "active" as const,
      companyId: fleet,
      planId: eurPlan,
      simType: "subscription" as const,
    }));
    const inserted = await db().insert(sims).values(rows).returning({ id: sims.id });
    await db()
      .insert(usageRecords)
      .values(inserted.map((sim) => ({ simId: sim.id, sourceKey: `fleet:${sim.id}`, startedAt: new Date("2026-09-15T00:00:00Z"), bytes: 300 * MB })));
    await issueInvoices({ db: db(), now: () => new Date("2026-10-02T00:00:00Z") });
    const [invoice] = await invoicesOf(fleet);
    // Each SIM: 500 fee + 50 MB beyond at EUR 0.01 = 550.
    expect(invoice?.totalMinor).toBe(1_100 * 550);
    const page = await findInvoice({ kind: "company", companyId: fleet }, invoice?.id ?? "");
    expect([page?.lines.length, page?.lineCount]).toEqual([2_000, 2_200]);
    let streamed = 0;
    for await (const batch of iterateInvoiceLines(invoice?.id ?? "")) streamed += batch.length;
    expect(streamed).toBe(2_200);
    const note = await createCreditNote(staff, invoice?.id ?? "", "Wrong plan for the whole fleet", new Date("2026-10-03T00:00:00Z"));
    const [mirrored] = await db()
      .select({ n: sql<number>`count(*)::int`, sum: sql<number>`sum(${invoiceLines.amountMinor})::bigint`.mapWith(Number) })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, note.id));
    expect(mirrored).toEqual({ n: 2_200, sum: -1_100 * 550 });
  });

  it("skips a company with nothing to bill", async () => {
    const idle = await addCompany("Idle Co");
    await addSim(idle, eurPlan);
    await issueInvoices({ db: db(), now: () => new Date("2026-10-02T00:00:00Z") });
    expect(await invoicesOf(idle)).toEqual([]);
  });
});

describe("an issued invoice", () => {
  async function issuedInvoice(name: string) {
    const company = await addCompany(name);
    const sim = await addSim(company, eurPlan);
    await addUsage(sim.id, "2026-10-10T00:00:00Z", 260 * MB);
    await issueInvoices({ db: db(), now: () => new Date("2026-11-02T00:00:00Z") });
    const [invoice] = await invoicesOf(company);
    if (!invoice) throw new Error("no invoice");
    return { company, invoice };
  }

  it("never changes: the database refuses UPDATE and DELETE of invoices and their lines", async () => {
    const { invoice } = await issuedInvoice("Immutable Co");
    expect(await refusal(db().update(invoices).set({ totalMinor: 0 }).where(eq(invoices.id, invoice.id)))).toMatch(/immutable once issued/);
    expect(await refusal(db().execute(sql`UPDATE invoice_lines SET amount_minor = 0 WHERE invoice_id = ${invoice.id}`))).toMatch(/immutable once issued/);
    expect(await refusal(db().delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)))).toMatch(/immutable once issued/);
    expect(await refusal(db().delete(invoices).where(eq(invoices.id, invoice.id)))).toMatch(/immutable once issued/);
    const [after] = await invoicesOf(invoice.companyId);
    expect(after).toEqual(invoice);
  });

  it("is corrected by a credit note from staff: negative mirrored lines, its own number, the original untouched", async () => {
    const { company, invoice } = await issuedInvoice("Credited Co");
    const lines = await linesOf(invoice.id);
    const note = await createCreditNote(staff, invoice.id, "  Overage billed in error  ", new Date("2026-11-05T10:00:00Z"));
    const [stored] = await db().select().from(invoices).where(eq(invoices.id, note.id));
    expect(stored).toMatchObject({ kind: "credit_note", creditsInvoiceId: invoice.id, reason: "Overage billed in error", companyId: company, currency: "EUR", periodStart: "2026-10-01", totalMinor: -invoice.totalMinor, issuedBy: staff.userId });
    expect(stored?.number).toMatch(/^INV-2026-\d{6}$/);
    expect((await linesOf(note.id)).map((l) => [l.iccid, l.kind, l.amountMinor])).toEqual(lines.map((l) => [l.iccid, l.kind, -l.amountMinor]));
    expect((await invoicesOf(company)).find((i) => i.id === invoice.id)).toEqual(invoice);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "invoice.credit"), eq(auditLog.targetId, invoice.number)));
    expect(audit).toMatchObject({ actorKind: "user", actorUserId: staff.userId, companyId: company });
    await expectGaplessSeries("INV-2026");

    // Once only; a credit note is not credited; a company admin, a bad reason or a foreign id change nothing.
    const count = async () => (await invoicesOf(company)).length;
    await expect(createCreditNote(staff, invoice.id, "Again", new Date())).rejects.toMatchObject({ code: "conflict" });
    await expect(createCreditNote(staff, note.id, "Credit the credit", new Date())).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createCreditNote(adminOf(company), invoice.id, "Please", new Date())).rejects.toMatchObject({ code: "forbidden" });
    await expect(createCreditNote(staff, invoice.id, " x ", new Date())).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createCreditNote(staff, "00000000-0000-0000-0000-000000000000", "Missing", new Date())).rejects.toMatchObject({ code: "not_found" });
    await expect(createCreditNote(staff, "not-an-id", "Missing", new Date())).rejects.toMatchObject({ code: "not_found" });
    expect(await count()).toBe(2);
    await expectGaplessSeries("INV-2026");
  });

  it("is read by its company's admins and staff only", async () => {
    const { company, invoice } = await issuedInvoice("Private Co");
    const other = await addCompany("Other Co");
    expect(await findInvoice({ kind: "company", companyId: company }, invoice.id)).toMatchObject({ number: invoice.number, companyName: "Private Co", creditedBy: null });
    const asStaff = await findInvoice({ kind: "platform" }, invoice.id);
    expect(asStaff).toMatchObject({ lineCount: 2 });
    const streamed = [];
    for await (const batch of iterateInvoiceLines(invoice.id)) streamed.push(...batch);
    expect(streamed.map((l) => l.position)).toEqual([1, 2]);
    // Forging the id from another company or as an end user finds nothing.
    expect(await findInvoice({ kind: "company", companyId: other }, invoice.id)).toBeNull();
    expect(await findInvoice({ kind: "end_user", userId: staff.userId }, invoice.id)).toBeNull();
    expect((await listInvoices({ kind: "company", companyId: company })).invoices.map((i) => i.id)).toEqual([invoice.id]);
    expect((await listInvoices({ kind: "company", companyId: other })).invoices).toEqual([]);
    expect((await listInvoices({ kind: "end_user", userId: staff.userId })).invoices).toEqual([]);
    expect((await listInvoices({ kind: "platform" })).invoices.map((i) => i.id)).toContain(invoice.id);
  });
});

// Drizzle wraps the database's error; the trigger's message is its cause.
async function refusal(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return cause instanceof Error ? cause.message : String(cause);
  }
  return "not refused";
}

// Every number of the series, from 1 to the highest, exists exactly once.
async function expectGaplessSeries(series: string) {
  const rows = await db().select({ number: invoices.number }).from(invoices).where(like(invoices.number, `${series}-%`));
  const numbers = rows.map((r) => Number(r.number.slice(series.length + 1))).sort((x, y) => x - y);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
}

