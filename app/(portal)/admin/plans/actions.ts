"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { PLAN_NAME_MAX_LENGTH } from "@/lib/plans/name-limits";
import { renamePlan } from "@/lib/plans/rename";

export type RenameFormState = { status: "idle" | "saved" | "unchanged" | "refused"; message: string | null };

const renamePlanSchema = z.object({
  planId: z.string().min(1).max(64),
  // Longer than allowed is refused by renamePlan with its own message; this only caps the body.
  customName: z.string().max(PLAN_NAME_MAX_LENGTH * 4),
});

// POST (action) /admin/plans: give a plan a custom name, or clear it; platform staff only. The
// permission is checked here and again by renamePlan, which owns the rules and the audit entry.
export async function renamePlanAction(_previous: RenameFormState, form: FormData): Promise<RenameFormState> {
  const viewer = await requirePermission("sims:assign-product");
  const parsed = renamePlanSchema.safeParse({ planId: form.get("planId"), customName: form.get("customName") ?? "" });
  if (!parsed.success) return { status: "refused", message: `A plan name can be at most ${PLAN_NAME_MAX_LENGTH} characters.` };
  try {
    const result = await renamePlan(viewer, parsed.data.planId, parsed.data.customName, now());
    if (!result.changed) return { status: "unchanged", message: "Nothing to change." };
  } catch (error) {
    if (error instanceof AppError) return { status: "refused", message: error.userMessage };
    logger.error("renaming a plan failed", { error });
    return { status: "refused", message: "The name could not be saved; try again." };
  }
  // Plan names show on SIM pages and lists too.
  revalidatePath("/", "layout");
  return { status: "saved", message: "Saved." };
}
