import { formatDate, formatDayMonth, parseUtcDay } from "@/lib/format";
import { type DayUsage, formatUsageMb, niceAxis } from "@/lib/sims/usage-series";
import { BYTES_PER_MB } from "@/lib/units";

// Drawn in viewBox units; the SVG scales to its container's width and keeps its proportions.
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 4, bottom: 24 };
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const BAR_FILL = 0.68;

function tickLabel(mb: number, isTop: boolean): string {
  const value = mb.toLocaleString("en-US", { maximumFractionDigits: 2 });
  // The unit once, on the top line, keeps the axis uncluttered and still unambiguous.
  return isTop ? `${value} MB` : value;
}

// A handful of date ticks: the first day, every week back from today, and today.
function dateTickIndexes(count: number): number[] {
  const ticks = new Set<number>([0]);
  for (let i = count - 1; i > 0; i -= 7) ticks.add(i);
  // A tick squeezed next to the first one would overlap its label.
  if (ticks.has(1) || ticks.has(2)) ticks.delete(ticks.has(1) ? 1 : 2);
  return [...ticks].sort((a, b) => a - b);
}

export function summarizeUsage(days: readonly DayUsage[]): string {
  const total = days.reduce((sum, d) => sum + d.bytes, 0);
  if (total === 0) return `No data used in the last ${days.length} days.`;
  const peak = days.reduce((best, d) => (d.bytes > best.bytes ? d : best));
  const active = days.filter((d) => d.bytes > 0).length;
  return (
    `${formatUsageMb(total)} MB used in the last ${days.length} days, on ${active} of them. ` +
    `Busiest day: ${formatDate(parseUtcDay(peak.day))} with ${formatUsageMb(peak.bytes)} MB.`
  );
}

export function UsageChart({ days }: { days: readonly DayUsage[] }) {
  const maxMb = days.reduce((max, d) => Math.max(max, d.bytes), 0) / BYTES_PER_MB;
  const ticks = niceAxis(maxMb);
  const top = ticks[ticks.length - 1] ?? 1;
  // Room for the longest axis label ("15,000 MB"): about 6.5 units a character at 11px, plus a gap.
  const left = Math.max(52, 14 + 6.5 * Math.max(...ticks.map((mb, i) => tickLabel(mb, i === ticks.length - 1).length)));
  const y = (mb: number) => PAD.top + PLOT_H - (mb / top) * PLOT_H;
  const slot = (WIDTH - left - PAD.right) / Math.max(days.length, 1);
  const barW = slot * BAR_FILL;
  const summary = summarizeUsage(days);
  const usedDays = days.filter((d) => d.bytes > 0);

  return (
    <figure className="m-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="block h-auto w-full select-none"
        role="img"
        aria-label={`Daily data usage chart. ${summary}`}
      >
        {ticks.map((mb, i) => (
          <g key={mb}>
            <line
              x1={left}
              x2={WIDTH - PAD.right}
              y1={y(mb)}
              y2={y(mb)}
              className={i === 0 ? "stroke-slate-300" : "stroke-slate-200"}
              strokeDasharray={i === 0 ? undefined : "3 3"}
              strokeWidth={1}
            />
            <text x={left - 8} y={y(mb)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[11px] tabular-nums">
              {tickLabel(mb, i === ticks.length - 1)}
            </text>
          </g>
        ))}

        {days.map((d, i) => {
          const x = left + i * slot;
          const mb = d.bytes / BYTES_PER_MB;
          const h = (mb / top) * PLOT_H;
          // Even a tiny day gets a visible sliver, so "some usage" never looks like "none".
          const barH = d.bytes > 0 ? Math.max(h, 2) : 0;
          return (
            <g key={d.day} className="group">
              <title>{`${formatDate(parseUtcDay(d.day))}: ${formatUsageMb(d.bytes)} MB`}</title>
              {/* The whole column answers the hover, so days without usage have a tooltip too. */}
              <rect x={x} y={PAD.top} width={slot} height={PLOT_H} className="fill-transparent group-hover:fill-slate-100" />
              {barH > 0 ? (
                <rect
                  x={x + (slot - barW) / 2}
                  y={PAD.top + PLOT_H - barH}
                  width={barW}
                  height={barH}
                  rx={1.5}
                  className="fill-blue-500 group-hover:fill-blue-700"
                />
              ) : null}
            </g>
          );
        })}

        {dateTickIndexes(days.length).map((i) => {
          const d = days[i];
          if (!d) return null;
          const anchor = i === 0 ? "start" : i === days.length - 1 ? "end" : "middle";
          const x = left + i * slot + (anchor === "start" ? 0 : anchor === "end" ? slot : slot / 2);
          return (
            <text key={d.day} x={x} y={HEIGHT - 6} textAnchor={anchor} className="fill-slate-500 text-[11px]">
              {formatDayMonth(parseUtcDay(d.day))}
            </text>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-xs text-slate-500">{summary} Days are UTC.</figcaption>
      {usedDays.length > 0 ? (
        <table className="sr-only">
          <caption>Data used per day (UTC), days with usage only</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">MB</th>
            </tr>
          </thead>
          <tbody>
            {usedDays.map((d) => (
              <tr key={d.day}>
                <td>{formatDate(parseUtcDay(d.day))}</td>
                <td>{formatUsageMb(d.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}
