import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { PrintButton } from "@/components/ui/print-button";

// Above a printable document (an invoice, a wallet statement): the way back, its CSV and Print.
// The style hides the portal's header and padding when printing; the toolbar hides itself.
const PRINT_STYLE = "@media print { header { display: none !important; } main { padding: 0 !important; } }";

export function DocumentToolbar({ backHref, backLabel, csvHref }: { backHref: string; backLabel: string; csvHref: string }) {
  return (
    <>
      <style>{PRINT_STYLE}</style>
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={backHref} className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
          ← {backLabel}
        </Link>
        <div className="flex items-center gap-2">
          <a href={csvHref} className={buttonClasses({ variant: "secondary" })}>
            Download CSV
          </a>
          <PrintButton />
        </div>
      </div>
    </>
  );
}
