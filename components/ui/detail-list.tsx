import type { ComponentProps, ReactNode } from "react";
import { cx } from "./cx";

// Label/value pairs inside a card (the SIM and operator detail pages).

// Full class names, not built ones, so Tailwind sees them; one prop rather than a className
// override because cx does not resolve conflicting grid-cols classes.
const COLUMNS = { 1: "grid-cols-1", 2: "grid-cols-1 sm:grid-cols-2", 3: "grid-cols-1 sm:grid-cols-3" } as const;

export function DetailList({ columns = 2, className, ...props }: ComponentProps<"dl"> & { columns?: keyof typeof COLUMNS }) {
  return <dl className={cx("grid gap-x-6 gap-y-4", COLUMNS[columns], className)} {...props} />;
}

export function DetailItem({ label, children, wide = false }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={cx("min-w-0", wide && "sm:col-span-2")}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

