// Errors the boundary can show: a stable code for callers and tests, and a message written for
// the user. Anything else is logged with a request id and shown as a generic message.
export type ErrorCode = "not_found" | "forbidden" | "invalid_input" | "conflict" | "unauthenticated";

const HTTP_STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid_input: 400,
  conflict: 409,
  unauthenticated: 401,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "AppError";
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}
