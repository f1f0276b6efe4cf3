import { LabelBadge } from "@/components/labels/label-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { SimDetail } from "@/db/queries/sim-detail";
import { DetailItem, DetailList } from "@/components/ui/detail-list";
import { NoteEditor } from "./note-editor";

// `labelsElsewhere`: the viewer keeps the labels in their own card (labels-card.tsx).
export function NotesCard({
  sim,
  editable,
  labelsElsewhere,
}: {
  sim: Pick<SimDetail, "iccid" | "note" | "labels" | "rules">;
  editable: boolean;
  labelsElsewhere: boolean;
}) {
  return (
    <Card>
      <CardHeader title={labelsElsewhere ? "Note and rules" : "Note, labels and rules"} />
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
          {labelsElsewhere ? null : (
            <DetailItem label="Labels">
              {sim.labels.length === 0 ? (
                <span className="text-slate-500">No labels.</span>
              ) : (
                <ul className="flex flex-wrap gap-1.5">
                  {sim.labels.map((l) => (
                    <li key={l.id}>
                      <LabelBadge name={l.name} color={l.color} />
                    </li>
                  ))}
                </ul>
              )}
            </DetailItem>
          )}
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
