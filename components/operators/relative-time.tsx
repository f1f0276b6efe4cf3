import { formatDateTime } from "@/lib/format";
import { formatRelative } from "./format";

/** "2 min ago", with the absolute UTC time on hover and in the markup. */
export function RelativeTime({ date, now, className }: { date: Date; now: Date; className?: string }) {
  const absolute = formatDateTime(date);
  return (
    <time dateTime={date.toISOString()} title={absolute} className={className}>
      {formatRelative(date, now)}
    </time>
  );
}
