import { z } from "zod";
import type { Viewer } from "@/lib/auth/load-viewer";
import { can, type Permission } from "@/lib/auth/permissions";
import { simOperationChange } from "../operations";
import { changeSims, type ChangeContext, type LockedSim, type SimChange, type SimOutcome, type SimSelector } from "../sim-change";
import { assignEndUserChange, endUserEmailSchema, removeEndUserChange } from "../end-user";
import { assignProductChange } from "../product";
import { addLabelsChange, removeLabelsChange } from "../sim-labels";

// The actions a bulk job can carry out, each one of the SIM changes the SIM page makes: the same
// checks, history and audit entries, whether for one SIM or ten thousand.

const labelIds = z.array(z.uuid()).min(1, "Choose a label.").max(20);

export const bulkActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["suspend", "resume", "activate"]) }),
  z.object({ kind: z.enum(["add_labels", "remove_labels"]), labelIds }),
  // null: take the plan (or the company) off.
  z.object({ kind: z.literal("plan"), planId: z.uuid().nullable() }),
  z.object({ kind: z.literal("company"), companyId: z.uuid().nullable() }),
  z.object({ kind: z.literal("end_user"), email: endUserEmailSchema }),
  z.object({ kind: z.literal("remove_end_user") }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
type Kind = BulkAction["kind"];

// What the bulk form offers, and which input each action asks for.
export type BulkActionInput = "none" | "plan" | "company" | "labels" | "email";
export type BulkActionChoice = { kind: Kind; label: string; input: BulkActionInput };

const KINDS: Record<Kind, { label: string; input: BulkActionInput; permission: Permission }> = {
  suspend: { label: "Suspend at the operator", input: "none", permission: simOperationChange.permission },
  resume: { label: "Resume at the operator", input: "none", permission: simOperationChange.permission },
  activate: { label: "Activate at the operator", input: "none", permission: simOperationChange.permission },
  add_labels: { label: "Add a label", input: "labels", permission: addLabelsChange.permission },
  remove_labels: { label: "Remove a label", input: "labels", permission: removeLabelsChange.permission },
  end_user: { label: "Assign an end user", input: "email", permission: assignEndUserChange.permission },
  remove_end_user: { label: "Remove the end user", input: "none", permission: removeEndUserChange.permission },
  plan: { label: "Assign a plan", input: "plan", permission: assignProductChange.permission },
  company: { label: "Assign to a company", input: "company", permission: assignProductChange.permission },
};

// A change bound to its input, with the types erased so the job can hold any of them.
export type BoundChange = {
  permission: Permission;
  run(ctx: ChangeContext, selector: SimSelector): Promise<{ changes: { sim: LockedSim; result: SimOutcome }[]; afterCommit: () => Promise<void> }>;
  check(ctx: ChangeContext): Promise<void>;
};

function bind<Input, Prepared>(change: SimChange<Input, Prepared>, input: Input): BoundChange {
  return {
    permission: change.permission,
    async run(ctx, selector) {
      const { prepared, changes } = await changeSims(ctx, change, selector, input);
      return { changes, afterCommit: async () => change.afterCommit?.(prepared) };
    },
    async check(ctx) {
      await change.prepare(ctx, input);
    },
  };
}

export function boundChangeOf(action: BulkAction): BoundChange {
  switch (action.kind) {
    case "activate":
    case "suspend":
    case "resume":
      return bind(simOperationChange, action.kind);
    case "add_labels":
      return bind(addLabelsChange, { labelIds: action.labelIds });
    case "remove_labels":
      return bind(removeLabelsChange, { labelIds: action.labelIds });
    case "plan":
      return bind(assignProductChange, { planId: action.planId });
    case "company":
      return bind(assignProductChange, { companyId: action.companyId });
    case "end_user":
      return bind(assignEndUserChange, { email: action.email });
    case "remove_end_user":
      return bind(removeEndUserChange, null);
  }
}

export function describeBulkAction(action: BulkAction): string {
  return KINDS[action.kind].label;
}

export function bulkActionChoices(viewer: Pick<Viewer, "role">): BulkActionChoice[] {
  if (!can(viewer, "sims:bulk")) return [];
  return (Object.keys(KINDS) as Kind[])
    .filter((kind) => can(viewer, KINDS[kind].permission))
    .map((kind) => ({ kind, label: KINDS[kind].label, input: KINDS[kind].input }));
}
