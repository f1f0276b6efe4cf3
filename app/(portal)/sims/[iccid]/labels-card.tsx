import Link from "next/link";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { findSimLabelChoices } from "@/db/queries/labels";
import { can } from "@/lib/auth/permissions";
import { scopeOf, type Viewer } from "@/lib/auth/viewer";
import { addSimLabelAction, removeSimLabelAction } from "./label-actions";
import { LabelPicker } from "./label-picker";

// The SIM's labels, for those who put labels on SIMs (sims:label): add one of the labels this SIM
// may carry, take one off. Loads its own choices through the viewer's scope.
export async function LabelsCard({ viewer, iccid }: { viewer: Viewer; iccid: string }) {
  if (!can(viewer, "sims:label")) return null;
  const choices = await findSimLabelChoices(scopeOf(viewer), iccid);
  if (!choices) return null;
  return (
    <Card>
      <CardHeader
        title="Labels"
        actions={
          can(viewer, "labels:manage") ? (
            <Link
              href="/labels"
              className="rounded text-xs font-medium text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
            >
              Manage labels
            </Link>
          ) : undefined
        }
      />
      <CardContent>
        <LabelPicker iccid={iccid} choices={choices} addAction={addSimLabelAction} removeAction={removeSimLabelAction} />
      </CardContent>
    </Card>
  );
}
