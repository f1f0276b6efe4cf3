import { cx } from "@/components/ui/cx";

// Only a hex colour reaches the style attribute; anything else in the column shows as grey.
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const FALLBACK_COLOR = "#64748b";

// A label as the SIM page shows it: the name in slate-800 on a 10% tint of the label's colour,
// with a dot of the full colour (the palette keeps both readable, lib/labels/palette.ts).
export function LabelBadge({ name, color, className }: { name: string; color: string; className?: string }) {
  const safe = HEX_COLOR.test(color) ? color : FALLBACK_COLOR;
  return (
    <span
      className={cx("inline-flex max-w-full items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium text-slate-800", className)}
      style={{ borderColor: `${safe}66`, backgroundColor: `${safe}1a` }}
    >
      <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: safe }} aria-hidden="true" />
      <span className="truncate">{name}</span>
    </span>
  );
}
