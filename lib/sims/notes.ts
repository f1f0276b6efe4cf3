import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { simScopeCondition } from "@/db/queries/sim-scope";
import { auditLog, sims } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Scope, Viewer } from "@/lib/auth/viewer";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { NOTE_MAX_LENGTH } from "./note-limits";

// A SIM's free-text note, kept by staff and company admins; every change is audited.
export async function updateSimNote(viewer: Viewer, scope: Scope, iccid: string, note: string, at: Date): Promise<{ changed: boolean }> {
  if (!can(viewer, "sims:annotate")) throw new AppError("forbidden", "You may not change this SIM's note.");
  const text = note.trim();
  if (text.length > NOTE_MAX_LENGTH) throw new AppError("invalid_input", `A note can be at most ${NOTE_MAX_LENGTH} characters.`);
  const next = text === "" ? null : text;
  return getDb().transaction(async (tx) => {
    const [sim] = await tx
      .select({ id: sims.id, note: sims.note, companyId: sims.companyId })
      .from(sims)
      .where(and(eq(sims.iccid, iccid), simScopeCondition(scope)))
      .for("update");
    if (!sim) throw new AppError("not_found", "This SIM does not exist.");
    if (sim.note === next) return { changed: false };
    await tx.update(sims).set({ note: next, updatedAt: at }).where(eq(sims.id, sim.id));
    await tx.insert(auditLog).values(
      userAuditEntry(viewer, at, {
        action: "sim.note",
        targetType: "sim",
        targetId: iccid,
        companyId: sim.companyId,
        before: { note: sim.note },
        after: { note: next },
      }),
    );
    return { changed: true };
  });
}
