import Link from "next/link";
import { FormFactorBadge } from "@/components/sims/form-factor-badge";
import { SimTypeBadge } from "@/components/sims/sim-type-badge";
import { StatusBadge } from "@/components/sims/status-badge";
import { SelectAllRows } from "./bulk-action-form";
import { BULK_FORM_ID } from "./bulk-form-id";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { SimListItem } from "@/lib/sims/list-item";
import { type SimListQuery, type SortKey, simListHref, sortOf } from "@/lib/sims/list-query";
import type { Cell } from "@/lib/sims/sim-view";

type Column = { title: string; sort?: SortKey; numeric?: boolean };

// The spec's columns, in the spec's order.
const COLUMNS: Column[] = [
  { title: "ICCID", sort: "iccid" },
  { title: "Status", sort: "status" },
  { title: "In session" },
  { title: "Operator" },
  { title: "Plan" },
  { title: "Company" },
  { title: "End user" },
  { title: "Data left (MB)", sort: "data_left", numeric: true },
  { title: "Days left", sort: "days_left", numeric: true },
  { title: "This month (MB)", sort: "month_usage", numeric: true },
  { title: "Note" },
  { title: "Rules" },
  { title: "Labels" },
  { title: "SIM type", sort: "type" },
];

const CELLS =
  "[&_td]:border-b [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-1.5 [&_td]:whitespace-nowrap [&_td]:text-slate-700 " +
  "[&_tr:last-child_td]:border-b-0 [&_tbody_tr:hover]:bg-slate-50";
const NUMERIC = "text-right tabular-nums";

// `selectable`: a checkbox per row that joins the bulk form (components/sims/bulk-action-form.tsx).
export function SimsTable({ query, rows, selectable = false }: { query: SimListQuery; rows: SimListItem[]; selectable?: boolean }) {
  return (
    // Cell styles are set once on the table rather than on each of up to 2,800 cells: the page's
    // HTML and RSC payload stay a third of the size, and render that much faster.
    <Table label="SIMs" data-testid="sims-table" className={CELLS}>
      <THead>
        <tr>
          {selectable ? (
            <TH className="w-8">
              <SelectAllRows />
            </TH>
          ) : null}
          {COLUMNS.map((column) => (
            <SortableHeader key={column.title} query={query} column={column} />
          ))}
        </tr>
      </THead>
      <TBody>
        {rows.map((sim) => (
          <tr key={sim.id} data-iccid={sim.iccid}>
            {selectable ? (
              <td>
                <input
                  type="checkbox"
                  name="iccid"
                  value={sim.iccid}
                  form={BULK_FORM_ID}
                  aria-label={`Select SIM ${sim.iccid}`}
                  className="size-4 rounded border-slate-300 align-middle"
                />
              </td>
            ) : null}
            <td>
              <div className="flex items-center gap-2">
                <a href={`/sims/${sim.iccid}`} className="font-mono text-[13px] text-slate-900 hover:underline">
                  {sim.iccid}
                </a>
                {sim.isEsim ? <FormFactorBadge formFactor="esim" /> : null}
              </div>
            </td>
            <td>
              <StatusBadge status={sim.status} />
            </td>
            <td className={sim.inSession === "Yes" ? "font-medium text-green-700" : "text-slate-500"}>{sim.inSession}</td>
            <td>{sim.operator}</td>
            <td className="max-w-64 truncate" title={sim.plan ?? undefined}>
              {sim.plan ?? <Muted>No plan</Muted>}
            </td>
            <td>{sim.company ?? <Muted>—</Muted>}</td>
            <td>{sim.endUserEmail ?? <Muted>—</Muted>}</td>
            <CellTD cell={sim.dataLeft} />
            <CellTD cell={sim.daysLeft} />
            <CellTD cell={sim.thisMonth} />
            <td className="max-w-48 truncate" title={sim.note ?? undefined}>
              {sim.note ?? <Muted>—</Muted>}
            </td>
            <td title={sim.rules.map((r) => r.name).join(", ") || undefined}>
              {sim.rules.length ? `${sim.rules.length} ${sim.rules.length === 1 ? "rule" : "rules"}` : <Muted>—</Muted>}
            </td>
            <td>
              <div className="flex gap-1">
                {sim.labels.map((label) => (
                  <span
                    key={label.id}
                    className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
                  >
                    <span className="size-2 rounded-full" style={{ backgroundColor: label.color }} aria-hidden="true" />
                    {label.name}
                  </span>
                ))}
              </div>
            </td>
            <td>
              <SimTypeBadge type={sim.simType} />
            </td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

function SortableHeader({ query, column }: { query: SimListQuery; column: Column }) {
  const align = column.numeric ? "right" : "left";
  if (!column.sort) return <TH align={align}>{column.title}</TH>;
  const current = sortOf(query);
  const active = current.key === column.sort;
  const nextDir = active && current.dir === "asc" ? "desc" : "asc";
  return (
    <TH align={align} aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link
        href={simListHref(query, { sort: column.sort, dir: nextDir })}
        className={active ? "text-slate-900" : "hover:text-slate-900"}
      >
        {column.title}
        <span aria-hidden="true" className="ml-1 inline-block w-2">
          {active ? (current.dir === "asc" ? "↑" : "↓") : ""}
        </span>
      </Link>
    </TH>
  );
}

function CellTD({ cell }: { cell: Cell }) {
  return (
    <td title={cell.hint} className={/^\d/.test(cell.text) ? NUMERIC : `${NUMERIC} text-slate-400`}>
      {cell.text}
    </td>
  );
}

function Muted({ children }: { children: React.ReactNode }) {
  return <span className="text-slate-400">{children}</span>;
}
