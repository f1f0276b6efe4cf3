"use client";

import { useActionState } from "react";
import type { CreateLabelState } from "@/app/(portal)/labels/actions";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { LABEL_NAME_MAX } from "@/lib/labels/limits";
import { DEFAULT_LABEL_COLOR } from "@/lib/labels/palette";
import { ColorSwatches } from "./color-swatches";

type Action = (previous: CreateLabelState, form: FormData) => Promise<CreateLabelState>;

const INITIAL: CreateLabelState = { attempt: 0, message: null, created: null, values: null };

// A new label: name, colour and, for staff, whose label it is. After a refusal the form comes
// back as it was sent, with the reason; after success it is empty again.
export function CreateLabelForm({ action, owners }: { action: Action; owners: { id: string; name: string }[] | null }) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const values = state.values ?? { name: "", color: DEFAULT_LABEL_COLOR, owner: "platform" };
  return (
    <form key={state.attempt} action={formAction} className="space-y-4">
      <div>
        <Label htmlFor="new-label-name">Name</Label>
        <Input
          id="new-label-name"
          name="name"
          required
          maxLength={LABEL_NAME_MAX}
          defaultValue={values.name}
          placeholder="Delivery vans"
          className="mt-1.5"
          invalid={state.message !== null}
          aria-describedby={state.message ? "new-label-message" : undefined}
        />
      </div>
      <ColorSwatches value={values.color} />
      {owners ? (
        <div>
          <Label htmlFor="new-label-owner">Belongs to</Label>
          <Select id="new-label-owner" name="owner" defaultValue={values.owner} wrapperClassName="mt-1.5">
            <option value="platform">The platform (all companies see it)</option>
            {owners.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          Create label
        </Button>
        {state.message ? (
          <span id="new-label-message" role="alert" className="text-sm text-red-700">
            {state.message}
          </span>
        ) : state.created ? (
          <span role="status" className="text-sm text-green-700">
            Created “{state.created}”.
          </span>
        ) : null}
      </div>
    </form>
  );
}
