import Link from "next/link";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { AuditEntry } from "@/db/queries/audit";
import { formatDate } from "@/lib/format";
import { auditDiff } from "./diff";
import { actionLabel, actorLabel, targetTypeLabel } from "./labels";

const CELLS =
  "[&_td]:border-b [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_td]:text-slate-700 " +
  "[&_tr:last-child_td]:border-b-0 [&_tbody_tr:hover]:bg-slate-50";

export type AuditTableProps = {
  rows: AuditEntry[];
  /** Operator targets link to their settings page only for viewers who may open it. */
  linkOperators: boolean;
  /** Off where every entry has the same target (one SIM's page). */
  showTarget?: boolean;
};

// Seconds matter in a log where several changes land in the same minute; the column header says UTC.
export function AuditTable({ rows, linkOperators, showTarget = true }: AuditTableProps) {
  return (
    <Table label="Audit log" data-testid="audit-table" className={CELLS}>
      <THead>
        <tr>
          <TH>Time (UTC)</TH>
          <TH>Actor</TH>
          <TH>Action</TH>
          {showTarget ? <TH>Target</TH> : null}
          <TH>Changes</TH>
        </tr>
      </THead>
      <TBody>
        {rows.map((entry) => (
          <tr key={entry.id} data-audit-id={entry.id}>
            <td className="whitespace-nowrap tabular-nums">
              <time dateTime={entry.createdAt.toISOString()} title={entry.createdAt.toISOString()}>
                {formatDate(entry.createdAt)}, {entry.createdAt.toISOString().slice(11, 19)}
              </time>
            </td>
            <td className="max-w-56 truncate" title={actorLabel(entry.actor)}>
              {entry.actor.kind === "user" ? actorLabel(entry.actor) : <span className="text-slate-500">{actorLabel(entry.actor)}</span>}
            </td>
            <td className="whitespace-nowrap">
              <ActionCell action={entry.action} />
            </td>
            {showTarget ? (
              <td className="whitespace-nowrap">
                <TargetCell type={entry.targetType} id={entry.targetId} linkOperators={linkOperators} />
              </td>
            ) : null}
            <td>
              <DiffCell before={entry.before} after={entry.after} />
            </td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

function ActionCell({ action }: { action: string }) {
  const label = actionLabel(action);
  return (
    <div className="flex flex-col">
      {label ? <span className="text-slate-900">{label}</span> : null}
      <code className="font-mono text-xs text-slate-500">{action}</code>
    </div>
  );
}

function TargetCell({ type, id, linkOperators }: { type: string; id: string; linkOperators: boolean }) {
  const href =
    type === "sim" && /^\d{1,22}$/.test(id)
      ? `/sims/${id}`
      : type === "operator" && linkOperators
        ? `/admin/operators/${encodeURIComponent(id)}`
        : null;
  return (
    <div className="flex flex-col">
      <span className="text-xs text-slate-500">{targetTypeLabel(type)}</span>
      {href ? (
        <Link href={href} className="font-mono text-[13px] text-slate-900 hover:underline">
          {id}
        </Link>
      ) : (
        <span className="font-mono text-[13px] text-slate-900">{id}</span>
      )}
    </div>
  );
}

function DiffCell({ before, after }: { before: unknown; after: unknown }) {
  const diff = auditDiff(before, after);
  if (diff.lines.length === 0) return <span className="text-slate-400">No changed values recorded</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {diff.lines.map((line) => (
        <li key={line.key} className="max-w-xl wrap-anywhere">
          {line.key ? <span className="text-slate-500">{line.key}: </span> : null}
          <span className="text-red-700">{line.before}</span>
          <span className="px-1 text-slate-400" aria-label="changed to">
            →
          </span>
          <span className="text-green-700">{line.after}</span>
        </li>
      ))}
      {diff.more > 0 ? <li className="text-slate-500">and {diff.more} more</li> : null}
    </ul>
  );
}
