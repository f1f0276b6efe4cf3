import { and, eq } from "drizzle-orm";
import { auditLog, planRefillPackages } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { CHANGED, refused, UNCHANGED, type SimChange, type SimOutcome } from "@/lib/sims/sim-change";
import { isUuid } from "@/lib/uuid";
import { refillAllowance } from "./allowance";
import { staffNote } from "./staff-note";

// Staff refill a prepaid SIM with one of its plan's refill packages without a card payment: a
// goodwill refill, or one paid outside the portal (say why in the note). The refill itself is
// the same as a paid one (lib/billing/allowance.ts): data added, validity extended, a system
// suspension for no data or an ended validity lifted. The key comes from the form, generated
// when it was shown, so submitting it twice refills once.


export type RefillGrant = { packageId: string; note: string; idempotencyKey: string };

export const grantRefillChange: SimChange<RefillGrant> = {
  permission: "sims:grant-refill",
  async prepare(_ctx, input) {
    if (!isUuid(input.packageId)) throw new AppError("invalid_input", "Choose one of the plan's refill packages.");
    const note = staffNote(input.note, "Say why the SIM is refilled without a payment");
    if (!isUuid(input.idempotencyKey)) throw new AppError("invalid_input", "This form has expired: reload the page and try again.");
    return { ...input, note };
  },
  async apply({ tx, viewer, at }, locked, grant) {
    const outcomes: SimOutcome[] = [];
    for (const sim of locked) {
      if (sim.simType !== "prepaid" || sim.planId === null) {
        outcomes.push(refused("Only a SIM on a prepaid plan can be refilled."));
        continue;
      }
      const [pack] = await tx
        .select()
        .from(planRefillPackages)
        .where(and(eq(planRefillPackages.id, grant.packageId), eq(planRefillPackages.planId, sim.planId)));
      if (!pack) {
        outcomes.push(refused("This package is not one of the SIM's plan's refill packages."));
        continue;
      }
      const result = await refillAllowance(tx, sim, pack, `grant:${grant.idempotencyKey}:${sim.id}`, at);
      if (!result.refilled) {
        outcomes.push(UNCHANGED);
        continue;
      }
      await tx.insert(auditLog).values(
        userAuditEntry(viewer, at, {
          action: "sim.refill",
          targetType: "sim",
          targetId: sim.iccid,
          companyId: sim.companyId,
          before: { dataLeftBytes: sim.dataLeftBytes, validUntil: sim.validUntil },
          after: { dataLeftBytes: result.dataLeftBytes, validUntil: result.validUntil, packageBytes: pack.dataBytes, packageDays: pack.validityDays, resumed: result.resumed, note: grant.note },
        }),
      );
      outcomes.push(CHANGED);
    }
    return outcomes;
  },
};
