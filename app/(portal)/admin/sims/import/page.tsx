import { ImportForm } from "@/components/import/import-form";
import { ImportHelp } from "@/components/import/import-help";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/viewer";
import { importSimsAction } from "./actions";

export const metadata = { title: "Import SIMs · SIM Portal" };

// GET /admin/sims/import: upload SIMs from a CSV file, preview its errors, then import; platform staff only.
export default async function ImportSimsPage() {
  await requirePermission("sims:import");
  return (
    <>
      <PageHeader
        title="Import SIMs"
        description="Upload a CSV file. Every row is checked first and nothing is written until you confirm; an import is all or nothing unless you choose to import only the valid rows."
      />
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <ImportForm action={importSimsAction} />
        <ImportHelp />
      </div>
    </>
  );
}
