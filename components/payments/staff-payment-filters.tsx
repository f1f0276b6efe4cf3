import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FilterField } from "@/components/ui/list-pages";
import { Select } from "@/components/ui/select";
import { PURPOSE_LABELS, STATUS_OPTIONS, TRIGGER_LABELS } from "./staff-payment-badges";

export type StaffPaymentFilterValues = { status?: string; purpose?: string; trigger?: string; company?: string; q?: string };

// A plain GET form: the filters live in the URL, work without JavaScript, and a link to the
// result reproduces it. Applying filters starts again from the first page (no page field).
export function StaffPaymentFilters({ path, query, companies }: { path: string; query: StaffPaymentFilterValues; companies: { id: string; name: string }[] }) {
  return (
    <form method="get" action={path} className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter payments">
      <FilterField label="Search" className="w-72">
        <Input name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} placeholder="ICCID, payment id or provider id" />
      </FilterField>
      <FilterField label="Status" className="w-48">
        <Select name="status" defaultValue={query.status ?? ""}>
          <option value="">Any status</option>
          {STATUS_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="For" className="w-40">
        <Select name="purpose" defaultValue={query.purpose ?? ""}>
          <option value="">Anything</option>
          {Object.entries(PURPOSE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Started by" className="w-44">
        <Select name="trigger" defaultValue={query.trigger ?? ""}>
          <option value="">Any</option>
          {Object.entries(TRIGGER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
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
        <Link href={path} className={buttonClasses({ variant: "ghost" })}>
          Reset
        </Link>
      </div>
    </form>
  );
}
