// GET /labels: the labels the viewer manages, with how many of their SIMs carry each; staff and
// company admins (labels:manage).
import { CreateLabelForm } from "@/components/labels/create-label-form";
import { LabelsList } from "@/components/labels/labels-list";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listLabelOwnerChoices, listLabels } from "@/db/queries/labels";
import { requirePermission, scopeOf } from "@/lib/auth/viewer";
import { createLabelAction, deleteLabelAction, updateLabelAction } from "./actions";

export const metadata = { title: "Labels · SIM Portal" };

export default async function LabelsPage() {
  const viewer = await requirePermission("labels:manage");
  const scope = scopeOf(viewer);
  const [labels, owners] = await Promise.all([listLabels(scope), listLabelOwnerChoices(scope)]);

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Labels"
        description="Group SIMs by what they are for, then find them in the SIMs list by label. Put labels on a SIM from its page."
      />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-5 lg:col-span-2">
          {labels.some((label) => label.editable) ? null : (
            <EmptyState title="No labels yet" description="Create a label, for example “Delivery vans” or “Spare”, then put it on SIMs from their page." />
          )}
          {labels.length > 0 ? <LabelsList labels={labels} updateAction={updateLabelAction} deleteAction={deleteLabelAction} /> : null}
        </div>
        <Card className="self-start">
          <CardHeader title="New label" />
          <CardContent>
            <CreateLabelForm action={createLabelAction} owners={scope.kind === "platform" ? owners : null} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
