import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";

// Small layout pieces shared by the SIM detail page's cards.

/** A value that may be missing: the dash is for the eye, the words for screen readers. */
export function Missing({ label = "Not set" }: { label?: string }) {
  return (
    <span className="text-slate-400">
      <span aria-hidden="true">—</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

export function Mono({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={cx("font-mono text-[13px] tracking-tight", className)}>{children}</span>;
}

/** A boxed monospace value meant to be copied by hand; one click selects all of it. */
export function CopyBox({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div>
      <div id={id} className="text-xs font-medium text-slate-500">
        {label}
      </div>
      <div
        aria-labelledby={id}
        className="mt-1 rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-[13px] break-all text-slate-900 select-all"
      >
        {value}
      </div>
    </div>
  );
}

type CalloutTone = "info" | "warning" | "error" | "neutral";

const calloutTones: Record<CalloutTone, string> = {
  info: "border-blue-200 bg-blue-50 text-blue-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-900",
  neutral: "border-slate-200 bg-slate-50 text-slate-700",
};

export function Callout({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: CalloutTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div role={tone === "error" ? "alert" : "note"} className={cx("rounded-md border px-3 py-2.5 text-sm", calloutTones[tone], className)}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={cx(title ? "mt-0.5" : undefined, "opacity-90")}>{children}</div> : null}
    </div>
  );
}

// Plain table parts for small tables inside a card (the ui Table brings its own card frame and
// sticky header, which a five-row table nested in a card does not want).
export function MiniTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm" aria-label={label}>
        {children}
      </table>
    </div>
  );
}

export function MiniTH({ children, numeric = false }: { children: ReactNode; numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={cx(
        "border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-medium whitespace-nowrap text-slate-500",
        numeric && "text-right",
      )}
    >
      {children}
    </th>
  );
}

export function MiniTD({ children, numeric = false, className }: { children: ReactNode; numeric?: boolean; className?: string }) {
  return (
    <td className={cx("border-b border-slate-100 px-3 py-1.5 text-slate-700 [tr:last-child>&]:border-b-0", numeric && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}
