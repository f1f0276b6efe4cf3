import type { ComponentProps } from "react";
import { cx } from "./cx";
import { controlClasses, type ControlSize } from "./input";

export type SelectProps = ComponentProps<"select"> & {
  invalid?: boolean;
  controlSize?: ControlSize;
  /** Classes for the wrapper that positions the chevron, e.g. a width. */
  wrapperClassName?: string;
};

// A native <select> (keyboard, screen readers and mobile pickers for free) with the browser's
// arrow replaced by one that matches the other controls.
export function Select({ invalid, controlSize, className, wrapperClassName, ...props }: SelectProps) {
  return (
    <div className={cx("grid", wrapperClassName)}>
      <select
        aria-invalid={invalid || undefined}
        className={cx(controlClasses(controlSize), "col-start-1 row-start-1 appearance-none pr-8", className)}
        {...props}
      />
      <svg
        viewBox="0 0 16 16"
        fill="none"
        aria-hidden="true"
        className="pointer-events-none col-start-1 row-start-1 mr-2 size-4 self-center justify-self-end text-slate-500"
      >
        <path d="M4.5 6.5 8 10l3.5-3.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </div>
  );
}
