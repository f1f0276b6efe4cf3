import type { ComponentProps } from "react";
import { cx } from "./cx";

export type TableProps = ComponentProps<"table"> & {
  /**
   * Names the scroll region for assistive technology; also makes it keyboard-scrollable.
   * A visible <caption> can be passed as a child instead or as well.
   */
  label?: string;
  /** Classes for the scroll container, e.g. to change its maximum height. */
  containerClassName?: string;
};

// The container scrolls both ways: a sticky header only sticks inside the nearest scrolling
// ancestor, and overflow-x alone would make that a box that never scrolls vertically. Capping its
// height at the viewport keeps the header and the horizontal scrollbar in view on long lists.
export function Table({ label, containerClassName, className, ...props }: TableProps) {
  return (
    <div
      role={label ? "region" : undefined}
      aria-label={label}
      tabIndex={label ? 0 : undefined}
      className={cx(
        "relative max-h-[calc(100dvh-12rem)] overflow-auto rounded-lg border border-slate-200 bg-white shadow-xs",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900",
        containerClassName,
      )}
    >
      {/* border-separate: collapsed borders are not painted on sticky cells while scrolling. */}
      <table className={cx("w-full border-separate border-spacing-0 text-left text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cx("bg-slate-50", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cx("bg-white", className)} {...props} />;
}

type CellAlign = { align?: "left" | "right" | "center" };

const alignClass = { left: "text-left", right: "text-right", center: "text-center" } as const;

export function TH({ align = "left", scope = "col", className, ...props }: ComponentProps<"th"> & CellAlign) {
  return (
    <th
      scope={scope}
      className={cx(
        // Sticky on the cell, not the <thead>: the only placement every engine honours in a table.
        "sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-medium whitespace-nowrap text-slate-500",
        alignClass[align],
        className,
      )}
      {...props}
    />
  );
}
