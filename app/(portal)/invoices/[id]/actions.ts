"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { CREDIT_REASON_MAX_LENGTH } from "@/lib/billing/credit-limits";
import { createCreditNote } from "@/lib/billing/credit-notes";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type CreditNoteFormState = { message: string | null };

const createCreditNoteSchema = z.object({
  invoiceId: z.string().uuid(),
  reason: z.string().max(CREDIT_REASON_MAX_LENGTH * 2),
});

// POST from an invoice's page: credit it in full. Staff only; createCreditNote checks the
// permission and the scope itself, the form only names the invoice and the reason.
export async function createCreditNoteAction(_previous: CreditNoteFormState, form: FormData): Promise<CreditNoteFormState> {
  const viewer = await requireViewer();
  const parsed = createCreditNoteSchema.safeParse({ invoiceId: form.get("invoiceId"), reason: form.get("reason") ?? "" });
  if (!parsed.success) return { message: `Say why the invoice is credited, in at most ${CREDIT_REASON_MAX_LENGTH} characters.` };
  let noteId: string;
  try {
    noteId = (await createCreditNote(viewer, parsed.data.invoiceId, parsed.data.reason, now())).id;
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage };
    logger.error("creating a credit note failed", { error });
    return { message: "The credit note could not be issued; try again." };
  }
  revalidatePath("/invoices");
  revalidatePath(`/invoices/${parsed.data.invoiceId}`);
  redirect(`/invoices/${noteId}`);
}
