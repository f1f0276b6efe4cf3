import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { NoteEditor } from "./note-editor";

// Label colours are typed in by admins; only a hex colour reaches the style attribute.
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const FALLBACK_COLOR = "#64748b";

function LabelChip({ name, color }: { name: string; color: string }) {
  const safe = HEX_COLOR.test(color) ? color : FALLBACK_COLOR;
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium text-slate-800"
      // 8-digit hex: the label's colour at low opacity for the fill, stronger for the border.
      style={{ borderColor: safe.length === 7 ? `${safe}66` : safe, backgroundColor: safe.length === 7 ? `${safe}1a` : undefined }}
    >
      <span className="size-2 rounded-full" style={{ backgroundColor: safe }} aria-hidden="true" />
      {name}
    </span>
  );
}

export function NotesCard({ sim, editable }: { sim: Pick<SimDetail, "iccid" | "note" | "labels" | "rules">; editable: boolean }) {
  return (
    <Card>
      <CardHeader title="Note, labels and rules" />
      <CardContent>
        <DetailList columns={1}>
          <DetailItem label="Note">
            {editable ? (
              <NoteEditor iccid={sim.iccid} note={sim.note} />
            ) : sim.note ? (
              <p className="whitespace-pre-wrap">{sim.note}</p>
            ) : (
              <span className="text-slate-500">No note.</span>
            )}
          </DetailItem>
          <DetailItem label="Labels">
            {sim.labels.length === 0 ? (
              <span className="text-slate-500">No labels.</span>
            ) : (
              <ul className="flex flex-wrap gap-1.5">
                {sim.labels.map((l) => (
                  <li key={l.id}>
                    <LabelChip name={l.name} color={l.color} />
                  </li>
                ))}
              </ul>
            )}
          </DetailItem>
          <DetailItem label="Rules">
            {sim.rules.length === 0 ? (
              <span className="text-slate-500">No rules apply to this SIM.</span>
            ) : (
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {sim.rules.map((r) => (
                  <li key={r.id} className="flex items-center justify-between gap-3 px-3 py-1.5">
                    <span className="min-w-0 truncate">{r.name}</span>
                    <Badge tone={r.enabled ? "green" : "gray"}>{r.enabled ? "Enabled" : "Disabled"}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </DetailItem>
        </DetailList>
      </CardContent>
    </Card>
  );
}
