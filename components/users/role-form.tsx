"use client";

import { useActionState, useState } from "react";
import { changeUserRoleAction, type UserChangeFormState } from "@/app/(portal)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { Role } from "@/lib/auth/load-viewer";
import { ROLE_OPTIONS } from "./role-labels";

const INITIAL: UserChangeFormState = { message: null, done: null };

type Person = { id: string; role: Role; companyId: string | null };

// A person's role and company. Staff have no company, so the company choice is hidden for them.
export function RoleForm({ user, companies }: { user: Person; companies: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState(changeUserRoleAction, INITIAL);
  const [role, setRole] = useState<Role>(user.role);
  const prefix = `user-${user.id}`;
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="userId" value={user.id} />
      <label htmlFor={`${prefix}-role`} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Role
        <Select id={`${prefix}-role`} name="role" value={role} onChange={(event) => setRole(event.target.value as Role)} wrapperClassName="w-44">
          {ROLE_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </label>
      {role === "staff" ? null : (
        <label htmlFor={`${prefix}-company`} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Company
          <Select id={`${prefix}-company`} name="companyId" required defaultValue={user.companyId ?? ""} wrapperClassName="w-52">
            <option value="" disabled>
              Choose a company
            </option>
            {companies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </Select>
        </label>
      )}
      <Button type="submit" variant="secondary" pending={pending}>
        Save role
      </Button>
      {state.message ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : state.done ? (
        <p role="status" className="w-full text-sm text-green-700">
          {state.done}
        </p>
      ) : (
        <p className="w-full text-xs text-slate-500">An end user who stops being one, or moves company, is removed from their SIMs.</p>
      )}
    </form>
  );
}
