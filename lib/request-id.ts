// Set on every signed-in request by proxy.ts (a client's own header of that name is replaced);
// audit entries carry it, so one request's changes can be found together.
export const REQUEST_ID_HEADER = "x-request-id";
