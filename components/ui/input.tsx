import type { ComponentProps } from "react";
import { cx } from "./cx";

export type ControlSize = "sm" | "md" | "lg";

const heights: Record<ControlSize, string> = {
  sm: "h-7 px-2 text-xs",
  md: "h-8 px-2.5 text-sm",
  lg: "h-9 px-3 text-sm",
};

// Shared with select.tsx so every form control has the same height, border and focus ring.
// The height is chosen here rather than overridden by className: two h-* classes on one
// element resolve by stylesheet order, not by the order they are written.
export function controlClasses(size: ControlSize = "md"): string {
  return cx(
    "block w-full rounded-md border-0 bg-white text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset",
    "placeholder:text-slate-400 focus:ring-2 focus:ring-slate-900 focus:outline-none",
    "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500",
    "aria-invalid:ring-red-500 aria-invalid:focus:ring-red-600",
    heights[size],
  );
}

export type InputProps = ComponentProps<"input"> & {
  /** Marks the field invalid (red ring, aria-invalid); pair with aria-describedby for the message. */
  invalid?: boolean;
  controlSize?: ControlSize;
};

export function Input({ invalid, controlSize, className, ...props }: InputProps) {
  return <input aria-invalid={invalid || undefined} className={cx(controlClasses(controlSize), className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cx("block text-sm font-medium text-slate-700", className)} {...props} />;
}
