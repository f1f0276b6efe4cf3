import type { ReactNode } from "react";
import { Table, TBody, TH, THead } from "@/components/ui/table";
import type { ImportIssue } from "@/lib/sims/import/validate";

const cell = "border-b border-slate-100 px-3 py-2 align-top text-slate-700 [tr:last-child>&]:border-b-0";

function TD({ className, children }: { className: string; children: ReactNode }) {
  return <td className={`${cell} ${className}`}>{children}</td>;
}

export function ImportIssuesTable({ issues, total }: { issues: ImportIssue[]; total: number }) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">Errors</h3>
      {total > issues.length ? (
        <p className="mb-2 text-xs text-slate-500">
          The first {issues.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")} errors, by line.
        </p>
      ) : null}
      <Table label="Errors per row" containerClassName="max-h-[32rem]">
        <THead>
          <tr>
            <TH align="right" className="w-16">Line</TH>
            <TH className="w-40">Column</TH>
            <TH>Reason</TH>
          </tr>
        </THead>
        <TBody>
          {issues.map((issue, i) => (
            <tr key={`${issue.line}-${i}`}>
              <TD className="text-right tabular-nums">{issue.line}</TD>
              <TD className="font-mono text-xs">{issue.column ?? "—"}</TD>
              <TD className="whitespace-normal">{issue.message}</TD>
            </tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
