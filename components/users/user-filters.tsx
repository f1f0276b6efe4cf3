import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FilterField } from "@/components/ui/list-pages";
import { Select } from "@/components/ui/select";
import { ROLE_OPTIONS } from "./role-labels";
import { USERS_PATH, type UsersQuery } from "./users-query";

// A plain GET form: the filters live in the URL and work without JavaScript.
export function UserFilters({ query, companies }: { query: UsersQuery; companies: { id: string; name: string }[] }) {
  return (
    <form method="get" action={USERS_PATH} className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter people">
      <FilterField label="E-mail contains" className="w-64">
        <Input name="q" type="search" defaultValue={query.q ?? ""} maxLength={254} placeholder="e.g. acme.example" />
      </FilterField>
      <FilterField label="Role" className="w-44">
        <Select name="role" defaultValue={query.role ?? ""}>
          <option value="">Any role</option>
          {ROLE_OPTIONS.map(([role, label]) => (
            <option key={role} value={role}>
              {label}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Company" className="w-52">
        <Select name="company" defaultValue={query.company ?? ""}>
          <option value="">Any company</option>
          {companies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
            </option>
          ))}
        </Select>
      </FilterField>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses()}>
          Apply
        </button>
        <Link href={USERS_PATH} className={buttonClasses({ variant: "ghost" })}>
          Reset
        </Link>
      </div>
    </form>
  );
}
