"use server";

import { revalidatePath } from "next/cache";
import { updateOperatorSettings, type OperatorSettingsField } from "@/db/queries/operator-settings";
import { testOperatorConnection } from "@/db/queries/operators";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

// The operator page's two actions. Each is a public POST endpoint: it loads the viewer from the
// session and asks for the permission itself; the queries check it again and own the logic.

export type ConnectionTestState =
  | { status: "idle" }
  | { status: "ok"; detail: string; ms: number; testedAt: string }
  | { status: "failed"; kind: string; message: string; ms: number; testedAt: string };

// POST (action) /admin/operators/[id]: test the operator's connection; staff only; writes nothing.
export async function testConnectionAction(_previous: ConnectionTestState, formData: FormData): Promise<ConnectionTestState> {
  const viewer = await requirePermission("operators:manage");
  const result = await testOperatorConnection(viewer, textOf(formData, "operatorId") ?? "");
  const testedAt = formatDateTime(now());
  return result.ok
    ? { status: "ok", detail: result.detail, ms: result.ms, testedAt }
    : { status: "failed", kind: result.kind, message: result.message, ms: result.ms, testedAt };
}

// The non-secret fields, echoed back after a refusal so staff do not retype them. Credentials
// are never echoed: the browser gets nothing of them back.
export type SettingsValues = { driver: string; settings: string; dormancyDays: string; contractNotes: string };

export type SettingsFormState = {
  // Counts submissions, so the form remounts with the right defaults after each one.
  attempt: number;
  status: "idle" | "saved" | "unchanged" | "refused";
  message: string | null;
  fieldErrors: Partial<Record<OperatorSettingsField, string>>;
  values: SettingsValues | null;
};

const FIELDS = ["driver", "settings", "dormancyDays", "contractNotes", "username", "apiKey", "clearCredentials"] as const;

function textOf(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

// POST (action) /admin/operators/[id]: save the operator's integration settings; staff only.
export async function updateOperatorSettingsAction(previous: SettingsFormState, formData: FormData): Promise<SettingsFormState> {
  const viewer = await requirePermission("operators:manage");
  const attempt = Number.isSafeInteger(previous.attempt) ? previous.attempt + 1 : 1;
  const operatorId = textOf(formData, "operatorId") ?? "";
  const raw = Object.fromEntries(FIELDS.map((name) => [name, textOf(formData, name)]));
  const values: SettingsValues = {
    driver: textOf(formData, "driver") ?? "",
    settings: textOf(formData, "settings") ?? "",
    dormancyDays: textOf(formData, "dormancyDays") ?? "",
    contractNotes: textOf(formData, "contractNotes") ?? "",
  };
  let result;
  try {
    result = await updateOperatorSettings(viewer, operatorId, raw);
  } catch (error) {
    if (error instanceof AppError) return { attempt, status: "refused", message: error.userMessage, fieldErrors: {}, values };
    throw error;
  }
  if (!result.ok) {
    return { attempt, status: "refused", message: result.formError ?? "Nothing was saved: correct the fields marked below.", fieldErrors: result.fieldErrors, values };
  }
  if (!result.changed) return { attempt, status: "unchanged", message: "Nothing to save: the settings are as stored.", fieldErrors: {}, values: null };
  revalidatePath("/admin/operators", "layout");
  return { attempt, status: "saved", message: savedMessage(result.simStatusChanges, values.driver), fieldErrors: {}, values: null };
}

function savedMessage(simStatusChanges: number, driver: string): string {
  if (simStatusChanges === 0) return "Saved.";
  const sims = `${simStatusChanges.toLocaleString("en-US")} SIM${simStatusChanges === 1 ? "" : "s"}`;
  const are = simStatusChanges === 1 ? "is" : "are";
  return driver === "none" ? `Saved. ${sims} ${are} now Not available.` : `Saved. ${sims} ${are} now Pending until the next sync.`;
}
