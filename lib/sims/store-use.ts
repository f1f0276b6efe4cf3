import { inArray } from "drizzle-orm";
import { auditLog, operators, sims } from "@/db/schema";
import { userAuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { CHANGED, refused, UNCHANGED, type ChangeContext, type LockedSim, type SimChange, type SimOutcome } from "./sim-change";
import { STATUS_LABELS, type SimStatus } from "./status-machine";

// Staff keep eSIMs for the store: the store sells them to end users and attaches the plan and
// the buyer. Only an eSIM whose integration works can be sold, and only one nobody has yet.

type Driver = (typeof operators.$inferSelect)["driver"];
export type StoreCandidate = {
  formFactor: "physical" | "esim";
  status: SimStatus;
  operatorDriver: Driver;
  hasCompany: boolean;
  hasEndUser: boolean;
};

// Statuses in which the operator cannot serve the SIM: no integration, a failed one, no line.
const BROKEN: readonly SimStatus[] = ["not_available", "invalid", "blank"];

// Why this SIM cannot be added to the store, or null when it can. Shared with the SIM page, which
// explains it before anyone tries.
export function storeUseRefusal(sim: StoreCandidate): string | null {
  if (sim.formFactor !== "esim") return "Only an eSIM can be added to the store; this is a physical SIM.";
  if (sim.operatorDriver === "none") return "This eSIM's operator has no integration, so it cannot be sold in the store.";
  if (BROKEN.includes(sim.status)) return `This eSIM's integration does not work (${STATUS_LABELS[sim.status]}), so it cannot be sold in the store.`;
  if (sim.hasCompany) return "This eSIM belongs to a company; remove the company before adding it to the store.";
  if (sim.hasEndUser) return "This eSIM has an end user; remove the end user before adding it to the store.";
  return null;
}

// A store eSIM with a buyer and no company was sold: taking it out of the store would leave its
// buyer with a SIM that has no product.
export function storeRemovalRefusal(sim: Pick<StoreCandidate, "hasCompany" | "hasEndUser">): string | null {
  if (sim.hasEndUser && !sim.hasCompany) {
    return "This eSIM was sold in the store; remove its end user before taking it out of the store.";
  }
  return null;
}

export const storeUseChange: SimChange<boolean> = {
  permission: "sims:assign-product",
  async prepare(_ctx, storeUse) {
    if (typeof storeUse !== "boolean") throw new AppError("invalid_input", "Choose whether the eSIM is for the store.");
    return storeUse;
  },
  apply: applyStoreUse,
};

async function applyStoreUse(ctx: ChangeContext, locked: LockedSim[], storeUse: boolean): Promise<SimOutcome[]> {
  const { tx, viewer, at } = ctx;
  const operatorIds = [...new Set(locked.map((sim) => sim.operatorId))];
  const drivers = new Map(
    (await tx.select({ id: operators.id, driver: operators.driver }).from(operators).where(inArray(operators.id, operatorIds))).map((o) => [o.id, o.driver]),
  );
  const outcomes = locked.map((sim): SimOutcome => {
    if (sim.storeUse === storeUse) return UNCHANGED;
    const facts = { ...sim, operatorDriver: drivers.get(sim.operatorId) ?? "none", hasCompany: sim.companyId !== null, hasEndUser: sim.endUserId !== null };
    const refusal = storeUse ? storeUseRefusal(facts) : storeRemovalRefusal(facts);
    return refusal ? refused(refusal) : CHANGED;
  });
  const changed = locked.filter((_, i) => outcomes[i] === CHANGED);
  if (changed.length === 0) return outcomes;
  await tx
    .update(sims)
    .set({ storeUse, updatedAt: at })
    .where(inArray(sims.id, changed.map((sim) => sim.id)));
  await tx.insert(auditLog).values(
    changed.map((sim) =>
      userAuditEntry(viewer, at, {
        action: "sim.store_use",
        targetType: "sim",
        targetId: sim.iccid,
        companyId: sim.companyId,
        before: { storeUse: sim.storeUse },
        after: { storeUse },
      }),
    ),
  );
  return outcomes;
}
