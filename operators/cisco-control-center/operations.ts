import { z } from "zod";
import type { OperationKind } from "../types";
import { SIM_STATUSES, type SimStatus } from "./schemas";

// Control Center applies a status change within the PUT itself (no job to poll), so the operation
// id carries the outcome: "applied" (200), "accepted" (202, or a 2xx whose body we could not read:
// confirmed later by reading the device back) or "refused" (a 4xx answer, with the operator's words).

export const TARGET_STATUS: Record<OperationKind, SimStatus> = {
  activate: "ACTIVATED",
  resume: "ACTIVATED",
  suspend: "DEACTIVATED",
};

const PREFIX = "cc1.";

const operationSchema = z.object({
  iccid: z.string(),
  status: z.enum(SIM_STATUSES),
  outcome: z.enum(["applied", "accepted", "refused"]),
  detail: z.string().optional(),
});
export type OperationRecord = z.infer<typeof operationSchema>;

export function encodeOperation(record: OperationRecord): string {
  return PREFIX + Buffer.from(JSON.stringify(record)).toString("base64url");
}

export function decodeOperation(id: string): OperationRecord | null {
  if (!id.startsWith(PREFIX)) return null;
  try {
    const parsed = operationSchema.safeParse(JSON.parse(Buffer.from(id.slice(PREFIX.length), "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
