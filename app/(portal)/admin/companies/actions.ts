"use server";

import { revalidatePath } from "next/cache";
import { requireViewer } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { createCompany, updateCompany } from "@/lib/companies/companies";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type CompanyFormState = { message: string | null; saved: boolean };

// POST from /admin/companies: a new company, or a company's name and time zone (id set).
// createCompany / updateCompany check the session's permission and validate the fields.
export async function saveCompanyAction(_previous: CompanyFormState, form: FormData): Promise<CompanyFormState> {
  const viewer = await requireViewer();
  const id = form.get("id");
  const input = { name: form.get("name"), timeZone: form.get("timeZone") };
  try {
    if (typeof id === "string" && id !== "") await updateCompany(viewer, id, input, now());
    else await createCompany(viewer, input, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, saved: false };
    logger.error("saving a company failed", { error, requestId: viewer.requestId });
    return { message: "The company could not be saved; try again.", saved: false };
  }
  revalidatePath("/admin/companies");
  return { message: null, saved: true };
}
