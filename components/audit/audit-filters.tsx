import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { FilterField } from "@/components/ui/list-pages";
import { Input } from "@/components/ui/input";
import { AUDIT_PATH, type AuditListQuery } from "./audit-query";
import { ACTION_LABELS, TARGET_TYPE_LABELS } from "./labels";

// A plain GET form: the filters live in the URL, work without JavaScript, and a link to the
// result reproduces it. Action and target type are free text with suggestions, so codes that new
// writers add can be filtered on before they get a label.
export function AuditFilters({ query, targetTypes }: { query: AuditListQuery; targetTypes: readonly string[] }) {
  return (
    <form method="get" action={AUDIT_PATH} className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
      <FilterField label="Action starts with" className="w-48">
        <Input name="action" defaultValue={query.action ?? ""} list="audit-actions" maxLength={64} placeholder="e.g. sim." />
        <datalist id="audit-actions">
          {Object.entries(ACTION_LABELS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </datalist>
      </FilterField>
      <FilterField label="Target type">
        <Input name="type" defaultValue={query.type ?? ""} list="audit-target-types" maxLength={32} placeholder="Any type" />
        <datalist id="audit-target-types">
          {targetTypes.map((type) => (
            <option key={type} value={type}>
              {TARGET_TYPE_LABELS[type] ?? type}
            </option>
          ))}
        </datalist>
      </FilterField>
      <FilterField label="Target id" className="w-56">
        <Input name="target" defaultValue={query.target ?? ""} maxLength={128} placeholder="Exact, e.g. an ICCID" />
      </FilterField>
      <FilterField label="Actor e-mail" className="w-56">
        <Input name="actor" type="email" defaultValue={query.actor ?? ""} maxLength={254} placeholder="Anyone" />
      </FilterField>
      <FilterField label="From (UTC)">
        <Input name="from" type="date" defaultValue={query.from ?? ""} />
      </FilterField>
      <FilterField label="To (UTC)">
        <Input name="to" type="date" defaultValue={query.to ?? ""} />
      </FilterField>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses()}>
          Apply
        </button>
        <Link href={AUDIT_PATH} className={buttonClasses({ variant: "ghost" })}>
          Reset
        </Link>
      </div>
    </form>
  );
}
