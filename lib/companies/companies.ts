import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { auditLog, companies } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/load-viewer";
import { AppError } from "@/lib/errors";

// Companies (tenants), created and kept by platform staff. Every change is audited; the entry
// belongs to the company, so its admins read it in their audit log too.

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const companyInputSchema = z.object({
  name: z.string().trim().min(2, "A company name needs at least 2 characters.").max(80, "A company name can be at most 80 characters."),
  timeZone: z.string().trim().refine(isTimeZone, "Choose a time zone from the list (IANA, e.g. Europe/Madrid)."),
});
export type CompanyInput = z.infer<typeof companyInputSchema>;

function parse(input: unknown): CompanyInput {
  const parsed = companyInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Check the company's name and time zone.");
  return parsed.data;
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

// Names are unique whatever their case: "ACME" next to "Acme" would only confuse.
async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: companies.id })
    .from(companies)
    .where(and(sql`lower(${companies.name}) = lower(${name})`, exceptId ? ne(companies.id, exceptId) : undefined))
    .limit(1);
  if (taken) throw new AppError("conflict", `A company named ${name} already exists.`);
}

export async function createCompany(viewer: Viewer, input: unknown, at: Date): Promise<{ id: string }> {
  if (!can(viewer, "companies:manage")) throw new AppError("forbidden", "You may not create companies.");
  const data = parse(input);
  return getDb().transaction(async (tx) => {
    // Two staff creating the same name at once: the advisory lock makes the second see the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('companies.name'))`);
    await assertNameFree(tx, data.name);
    const [company] = await tx.insert(companies).values({ name: data.name, timeZone: data.timeZone, createdAt: at }).returning({ id: companies.id });
    if (!company) throw new Error("company insert returned nothing");
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, { action: "company.create", targetType: "company", targetId: company.id, companyId: company.id, after: data }),
    );
    return company;
  });
}

export async function updateCompany(viewer: Viewer, id: string, input: unknown, at: Date): Promise<{ changed: boolean }> {
  if (!can(viewer, "companies:manage")) throw new AppError("forbidden", "You may not change companies.");
  const data = parse(input);
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('companies.name'))`);
    const [before] = await tx.select().from(companies).where(eq(companies.id, id)).for("update");
    if (!before) throw new AppError("not_found", "This company does not exist.");
    if (before.name === data.name && before.timeZone === data.timeZone) return { changed: false };
    await assertNameFree(tx, data.name, id);
    await tx.update(companies).set(data).where(eq(companies.id, id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "company.update",
        targetType: "company",
        targetId: id,
        companyId: id,
        before: { name: before.name, timeZone: before.timeZone },
        after: data,
      }),
    );
    return { changed: true };
  });
}
