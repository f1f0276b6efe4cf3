// Shared by the credit-note form (a client component) and the server that checks it.
export const CREDIT_REASON_MAX_LENGTH = 500;
