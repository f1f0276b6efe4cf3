// Shared by the form (checked before upload) and the action (checked again on the server).
// Next.js caps a server action's request body at `experimental.serverActions.bodySizeLimit`
// (6 MB in next.config.js; past it the request fails with a bare 413), so the file limit stays
// under it with room for the multipart framing.
export const MAX_IMPORT_BYTES = 5_000_000;

/** The limit as people read it, e.g. "1 MB". */
export const MAX_IMPORT_LABEL = `${Math.round(MAX_IMPORT_BYTES / 100_000) / 10} MB`;
