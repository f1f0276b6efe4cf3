// Shared by the plans page form (client) and lib/plans/rename.ts (server).
export const PLAN_NAME_MAX_LENGTH = 80;
