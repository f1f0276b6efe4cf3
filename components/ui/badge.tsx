import type { ComponentProps } from "react";
import { cx } from "./cx";

export type BadgeTone = "gray" | "green" | "amber" | "red" | "blue" | "violet" | "slate";

const tones: Record<BadgeTone, { badge: string; dot: string }> = {
  gray: { badge: "bg-gray-100 text-gray-700 ring-gray-500/15", dot: "bg-gray-400" },
  green: { badge: "bg-green-50 text-green-800 ring-green-600/20", dot: "bg-green-500" },
  amber: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500" },
  red: { badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500" },
  blue: { badge: "bg-blue-50 text-blue-700 ring-blue-600/20", dot: "bg-blue-500" },
  violet: { badge: "bg-violet-50 text-violet-700 ring-violet-600/20", dot: "bg-violet-500" },
  slate: { badge: "bg-slate-100 text-slate-700 ring-slate-600/20", dot: "bg-slate-500" },
};

export type BadgeProps = ComponentProps<"span"> & {
  tone?: BadgeTone;
  /** A leading dot; "pulse" animates it for states that are still changing. */
  dot?: boolean | "pulse";
};

export function Badge({ tone = "gray", dot = false, className, children, ...props }: BadgeProps) {
  const style = tones[tone];
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        style.badge,
        className,
      )}
      {...props}
    >
      {dot ? (
        <span className="relative flex size-1.5" aria-hidden="true">
          {dot === "pulse" ? (
            <span className={cx("absolute inline-flex size-full rounded-full opacity-75 motion-safe:animate-ping", style.dot)} />
          ) : null}
          <span className={cx("relative inline-flex size-1.5 rounded-full", style.dot)} />
        </span>
      ) : null}
      {children}
    </span>
  );
}
