import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";

// Full class names so Tailwind sees them; a prop rather than a className override because cx does
// not resolve conflicting grid-cols classes.
const COLUMNS = { 1: "grid-cols-1", 2: "grid-cols-1 sm:grid-cols-2" } as const;

// Label/value pairs inside a card, laid out like the SIM page's.
export function DetailList({ columns = 2, className, children }: { columns?: keyof typeof COLUMNS; className?: string; children: ReactNode }) {
  return <dl className={cx("grid gap-x-6 gap-y-4", COLUMNS[columns], className)}>{children}</dl>;
}

export function DetailItem({ label, children, wide = false }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={cx("min-w-0", wide && "sm:col-span-2")}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}
