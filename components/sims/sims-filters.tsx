import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { FilterField } from "@/components/ui/list-pages";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SIM_TYPE_LABELS } from "@/components/sims/sim-type-badge";
import { PAGE_SIZES, pageSizeOf, SIM_TYPES, type SimListQuery } from "@/lib/sims/list-query";

type Option = { id: string; name: string };

export type SimsFiltersProps = {
  query: SimListQuery;
  operators: Option[];
  companies: Option[] | null;
  labels: Option[];
};

// A plain GET form: the filters live in the URL, work without JavaScript, and a link to the
// result reproduces it. Status is chosen with the count tabs above, sort with the column headers.
export function SimsFilters({ query, operators, companies, labels }: SimsFiltersProps) {
  return (
    <form method="get" action="/sims" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter SIMs">
      {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
      {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
      <FilterField label="Search" className="w-64">
        <Input name="q" defaultValue={query.q ?? ""} placeholder="ICCID, MSISDN, e-mail or note" type="search" />
      </FilterField>
      <FilterField label="SIM type">
        <Select name="type" defaultValue={query.type ?? ""}>
          <option value="">All types</option>
          {SIM_TYPES.map((t) => (
            <option key={t} value={t}>
              {SIM_TYPE_LABELS[t]}
            </option>
          ))}
          <option value="none">No plan</option>
        </Select>
      </FilterField>
      <FilterField label="Form factor">
        <Select name="form" defaultValue={query.form ?? ""}>
          <option value="">Any</option>
          <option value="physical">Physical SIM</option>
          <option value="esim">eSIM</option>
        </Select>
      </FilterField>
      <FilterField label="Operator">
        <OptionSelect name="operator" value={query.operator} all="All operators" options={operators} />
      </FilterField>
      {companies ? (
        <FilterField label="Company">
          <Select name="company" defaultValue={query.company ?? ""}>
            <option value="">All companies</option>
            <option value="none">No company</option>
            {companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </FilterField>
      ) : null}
      <FilterField label="Label">
        <OptionSelect name="label" value={query.label} all="Any label" options={labels} />
      </FilterField>
      <FilterField label="In session">
        <Select name="session" defaultValue={query.session ?? ""}>
          <option value="">Any</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
          <option value="na">N/A</option>
        </Select>
      </FilterField>
      <FilterField label="Per page">
        <Select name="size" defaultValue={String(pageSizeOf(query))}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </FilterField>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses()}>
          Apply
        </button>
        <Link href="/sims" className={buttonClasses({ variant: "ghost" })}>
          Reset
        </Link>
      </div>
    </form>
  );
}


function OptionSelect({ name, value, all, options }: { name: string; value?: string; all: string; options: Option[] }) {
  return (
    <Select name={name} defaultValue={value ?? ""}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </Select>
  );
}
