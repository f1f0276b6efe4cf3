import type { DeleteLabelState, UpdateLabelState } from "@/app/(portal)/labels/actions";
import { Card, CardHeader } from "@/components/ui/card";
import type { LabelListItem } from "@/db/queries/labels";
import { LabelRow } from "./label-row";

type Props = {
  labels: LabelListItem[];
  updateAction: (previous: UpdateLabelState, form: FormData) => Promise<UpdateLabelState>;
  deleteAction: (previous: DeleteLabelState, form: FormData) => Promise<DeleteLabelState>;
};

type Group = { key: string; title: string; editable: boolean; labels: LabelListItem[] };

// One card per owner, in the query's order (the platform's, then each company's by name), except
// that the labels a viewer may change come first: a company admin's own before the platform's.
function groupByOwner(labels: LabelListItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const label of labels) {
    const key = label.companyId ?? "platform";
    const title = label.companyName ? `${label.companyName} labels` : "Platform labels";
    const group = groups.get(key) ?? { key, title, editable: label.editable, labels: [] };
    group.labels.push(label);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => Number(b.editable) - Number(a.editable));
}

export function LabelsList({ labels, updateAction, deleteAction }: Props) {
  return (
    <div className="space-y-5">
      {groupByOwner(labels).map((group) => (
        <Card key={group.key}>
          <CardHeader
            title={group.title}
            description={
              group.editable
                ? `${group.labels.length} ${group.labels.length === 1 ? "label" : "labels"}`
                : "Set by the platform staff. You can find SIMs by them, but not change them."
            }
          />
          <ul className="divide-y divide-slate-100">
            {group.labels.map((label) => (
              <LabelRow key={label.id} label={label} updateAction={updateAction} deleteAction={deleteAction} />
            ))}
          </ul>
        </Card>
      ))}
    </div>
  );
}
