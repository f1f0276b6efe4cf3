import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import type { AuditEntry } from "@/db/queries/audit";

// The SIM's entries of the audit log: who changed what on it (note, operations, imports…).
export function ChangesCard({ iccid, entries }: { iccid: string; entries: AuditEntry[] }) {
  return (
    <Card>
      <CardHeader title="Changes" description="Who changed what on this SIM, newest first." />
      <CardContent>
        {entries.length === 0 ? (
          <p className="text-sm text-slate-500">No one has changed this SIM in the portal yet.</p>
        ) : (
          <div className="space-y-3">
            <AuditTable rows={entries} linkOperators={false} showTarget={false} />
            <Link href={`/admin/audit?target=${iccid}`} className="inline-block text-sm font-medium text-slate-700 underline underline-offset-2 hover:text-slate-900">
              See all of this SIM&apos;s entries in the audit log
            </Link>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
