import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { isLabelUsable, isUuid, visibleLabelCondition } from "@/db/queries/labels";
import { auditLog, companies, labels, simLabelCounts, simLabels, sims } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { can } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import type { Tx } from "@/lib/sims/sim-change";
import { LABEL_NAME_MAX } from "./limits";
import { paletteColorOf } from "./palette";

// Labels are named, coloured tags a company's admins (or the platform's staff) put on SIMs to
// group and filter them. A company admin manages their company's labels; staff manage the
// platform's own and, to help a customer, any company's. Every change is audited.

export type NewLabel = { name: string; color: string; companyId?: string | null };
export type LabelChange = { name?: string; color?: string };

const NOT_FOUND = "This label does not exist.";

function requireManage(viewer: Viewer, scope: Scope): void {
  if (!can(viewer, "labels:manage") || scope.kind === "end_user") throw new AppError("forbidden", "You may not manage labels.");
}

// Runs of spaces are one space, so "Delivery  vans" and "Delivery vans" are the same name.
export function labelNameOf(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (name === "") throw new AppError("invalid_input", "Give the label a name.");
  if ([...name].length > LABEL_NAME_MAX) throw new AppError("invalid_input", `A label name can be at most ${LABEL_NAME_MAX} characters.`);
  if (/\p{Cc}/u.test(name)) throw new AppError("invalid_input", "A label name cannot contain control characters.");
  return name;
}

function paletteHex(color: string): string {
  const found = paletteColorOf(color);
  if (!found) throw new AppError("invalid_input", "Choose one of the offered colours.");
  return found.hex;
}

// Who owns a new label. A company admin's labels are their company's whatever the form says;
// staff choose the platform (no company) or an existing company.
async function ownerOf(tx: Tx, scope: Scope, requested: string | null | undefined): Promise<string | null> {
  if (scope.kind === "company") {
    if (requested === null) throw new AppError("forbidden", "Only platform staff can create platform labels.");
    if (requested !== undefined && requested !== scope.companyId) throw new AppError("not_found", "This company does not exist.");
    return scope.companyId;
  }
  if (requested === null || requested === undefined) return null;
  const [company] = isUuid(requested) ? await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, requested)) : [];
  if (!company) throw new AppError("not_found", "This company does not exist.");
  return company.id;
}

// Names are unique per owner regardless of case. The unique index only knows exact names, so
// writers of one owner's labels take turns (a transaction-scoped advisory lock) to check first.
async function assertNameFree(tx: Tx, companyId: string | null, name: string, exceptId?: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`labels:${companyId ?? "platform"}`}, 0))`);
  const [clash] = await tx
    .select({ name: labels.name })
    .from(labels)
    .where(
      and(
        companyId ? eq(labels.companyId, companyId) : isNull(labels.companyId),
        sql`lower(${labels.name}) = lower(${name})`,
        exceptId ? ne(labels.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) throw new AppError("conflict", `A label named "${clash.name}" already exists.`);
}

// The label, locked, if the scope may manage it. Another company's label reads as missing; a
// platform label, which a company admin sees on their SIMs, is refused by name.
// "No key update": concurrent changes of this label wait, but SIM changes that link it (whose
// foreign key check takes a key-share lock on it) do not.
async function lockManageableLabel(tx: Tx, scope: Scope, labelId: string) {
  if (!isUuid(labelId)) throw new AppError("not_found", NOT_FOUND);
  const [label] = await tx
    .select()
    .from(labels)
    .where(and(eq(labels.id, labelId), visibleLabelCondition(scope)))
    .for("no key update");
  if (!label) throw new AppError("not_found", NOT_FOUND);
  if (!isLabelUsable(scope, label.companyId)) throw new AppError("forbidden", "Platform labels are managed by the platform staff.");
  return label;
}

export async function createLabel(viewer: Viewer, scope: Scope, input: NewLabel, at: Date): Promise<{ id: string; name: string }> {
  requireManage(viewer, scope);
  const name = labelNameOf(input.name);
  const color = paletteHex(input.color);
  return getDb().transaction(async (tx) => {
    const companyId = await ownerOf(tx, scope, input.companyId);
    await assertNameFree(tx, companyId, name);
    const [label] = await tx.insert(labels).values({ name, color, companyId, createdAt: at }).returning({ id: labels.id });
    if (!label) throw new Error("label insert returned nothing");
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, { action: "label.create", targetType: "label", targetId: label.id, companyId, after: { name, color } }),
    );
    return { id: label.id, name };
  });
}

// Renames and/or recolours. A colour from before the palette may be sent back unchanged (the
// form shows it as the current choice); any other colour must be the palette's.
export async function updateLabel(viewer: Viewer, scope: Scope, labelId: string, change: LabelChange, at: Date): Promise<{ changed: boolean }> {
  requireManage(viewer, scope);
  const wantedName = change.name === undefined ? undefined : labelNameOf(change.name);
  return getDb().transaction(async (tx) => {
    const label = await lockManageableLabel(tx, scope, labelId);
    const name = wantedName ?? label.name;
    const keepsColor = change.color === undefined || change.color.trim().toLowerCase() === label.color.toLowerCase();
    const color = keepsColor ? label.color : paletteHex(change.color ?? "");
    if (name === label.name && color === label.color) return { changed: false };
    if (name !== label.name) await assertNameFree(tx, label.companyId, name, label.id);
    await tx.update(labels).set({ name, color }).where(eq(labels.id, label.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "label.update",
        targetType: "label",
        targetId: label.id,
        companyId: label.companyId,
        before: { name: label.name, color: label.color },
        after: { name, color },
      }),
    );
    return { changed: true };
  });
}

// Deleting a label takes it off every SIM (sim_labels cascades; its trigger takes the links off
// sim_label_counts), then drops the label's counter rows, which are all zero by then.
export async function deleteLabel(viewer: Viewer, scope: Scope, labelId: string, at: Date): Promise<{ simCount: number }> {
  requireManage(viewer, scope);
  return getDb().transaction(async (tx) => {
    const label = await lockManageableLabel(tx, scope, labelId);
    // The cascade's trigger locks the labelled SIMs after the label's row is locked for deletion;
    // a SIM change holding one of those SIMs and about to link the label would wait for us as we
    // wait for it. Locking the SIMs first, in id order as everyone does, avoids that deadlock.
    await tx.execute(sql`select count(*) from (select 1 from ${sims} where ${sims.id} in
      (select ${simLabels.simId} from ${simLabels} where ${simLabels.labelId} = ${label.id}) order by ${sims.id} for no key update) as locked`);
    const [links] = await tx
      .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(simLabels)
      .innerJoin(sims, eq(sims.id, simLabels.simId))
      .where(and(eq(simLabels.labelId, label.id), label.companyId ? eq(sims.companyId, label.companyId) : undefined));
    const simCount = links?.n ?? 0;
    await tx.delete(labels).where(eq(labels.id, label.id));
    await tx.delete(simLabelCounts).where(eq(simLabelCounts.labelId, label.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "label.delete",
        targetType: "label",
        targetId: label.id,
        companyId: label.companyId,
        before: { name: label.name, color: label.color, simCount },
      }),
    );
    return { simCount };
  });
}
