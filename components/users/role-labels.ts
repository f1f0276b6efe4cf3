import type { Role } from "@/lib/auth/load-viewer";
import type { BadgeTone } from "@/components/ui/badge";

// How roles read on the users page, in the order the selects offer them.
export const ROLE_LABELS: Readonly<Record<Role, string>> = { staff: "Platform staff", company_admin: "Company admin", end_user: "End user" };

export const ROLE_TONES: Readonly<Record<Role, BadgeTone>> = { staff: "violet", company_admin: "blue", end_user: "gray" };

export const ROLE_OPTIONS = Object.entries(ROLE_LABELS) as [Role, string][];
