// Errors the boundary can show: a stable code for callers and tests, and a message written for
// the user. Anything else is logged with a request id and shown as a generic message.
// "unavailable": the portal is not configured for this (a missing setting), not the user's fault.
export type ErrorCode = "not_found" | "forbidden" | "invalid_input" | "conflict" | "unauthenticated" | "unavailable";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "AppError";
  }
}
