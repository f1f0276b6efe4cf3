import { z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/load-viewer";
import { OPERATION_KINDS, simOperationChange } from "../operations";
import { changeSims, type ChangeContext, type LockedSim, type SimChange, type SimOutcome, type SimSelector } from "../sim-change";

// The actions a bulk job can carry out, each one of the SIM changes the SIM page makes: the same
// checks, history and audit entries, whether for one SIM or ten thousand.

export const bulkActionSchema = z.discriminatedUnion("kind", [z.object({ kind: z.enum(OPERATION_KINDS) })]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const BULK_ACTION_LABELS: Record<BulkAction["kind"], string> = {
  suspend: "Suspend at the operator",
  resume: "Resume at the operator",
  activate: "Activate at the operator",
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
  }
}

export function describeBulkAction(action: BulkAction): string {
  return BULK_ACTION_LABELS[action.kind];
}

// What the bulk form offers a viewer, and which input each action asks for.
export type BulkActionInput = "none" | "plan" | "company" | "labels" | "email";
export type BulkActionChoice = { kind: BulkAction["kind"]; label: string; input: BulkActionInput };

const INPUTS: Record<BulkAction["kind"], BulkActionInput> = { suspend: "none", resume: "none", activate: "none" };

export function bulkActionChoices(viewer: Pick<Viewer, "role">): BulkActionChoice[] {
  if (!can(viewer, "sims:bulk")) return [];
  return (Object.keys(INPUTS) as BulkAction["kind"][])
    .filter((kind) => can(viewer, permissionOf(kind)))
    .map((kind) => ({ kind, label: BULK_ACTION_LABELS[kind], input: INPUTS[kind] }));
}

function permissionOf(kind: BulkAction["kind"]): Permission {
  switch (kind) {
    case "activate":
    case "suspend":
    case "resume":
      return simOperationChange.permission;
  }
}
