import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { UserListRow } from "@/db/queries/users-admin";
import { formatDate } from "@/lib/format";
import { ActiveForm } from "./active-form";
import { ROLE_LABELS, ROLE_TONES } from "./role-labels";
import { RoleForm } from "./role-form";

function StatusBadge({ user }: { user: UserListRow }) {
  if (!user.active) return <Badge tone="red">Deactivated{user.deactivatedAt ? ` ${formatDate(user.deactivatedAt)}` : ""}</Badge>;
  if (user.invited) return <Badge tone="amber">Invited (no password)</Badge>;
  return <Badge tone="green">Active</Badge>;
}

// Everyone who can sign in, with their role and company; each row opens its own forms, except
// the viewer's own (nobody changes their own role or locks themselves out).
export function UsersTable({ rows, companies, viewerId }: { rows: UserListRow[]; companies: { id: string; name: string }[]; viewerId: string }) {
  return (
    <Card>
      <Table label="People">
        <THead>
          <tr>
            <TH>E-mail</TH>
            <TH>Role</TH>
            <TH>Company</TH>
            <TH>Status</TH>
            <TH>Created</TH>
            <TH>Change</TH>
          </tr>
        </THead>
        <TBody>
          {rows.map((user) => (
            <tr key={user.id} className="border-b border-slate-100 align-top text-sm last:border-b-0">
              <td className="px-3 py-3 font-medium break-all text-slate-900">
                {user.email}
                {user.name ? <div className="text-xs font-normal text-slate-500">{user.name}</div> : null}
              </td>
              <td className="px-3 py-3">
                <Badge tone={ROLE_TONES[user.role]}>{ROLE_LABELS[user.role]}</Badge>
              </td>
              <td className="px-3 py-3 text-slate-700">{user.companyName ?? <span className="text-slate-400">—</span>}</td>
              <td className="px-3 py-3">
                <StatusBadge user={user} />
              </td>
              <td className="px-3 py-3 whitespace-nowrap text-slate-600 tabular-nums">{formatDate(user.createdAt)}</td>
              <td className="px-3 py-2">
                {user.id === viewerId ? (
                  <span className="text-sm text-slate-500">You</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-sm text-slate-600 hover:text-slate-900">Edit</summary>
                    <div className="mt-2 space-y-4">
                      <RoleForm user={{ id: user.id, role: user.role, companyId: user.companyId }} companies={companies} />
                      <ActiveForm user={{ id: user.id, email: user.email, active: user.active }} />
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
