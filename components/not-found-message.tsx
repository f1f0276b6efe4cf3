import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// One answer for a page or SIM that does not exist and for one the viewer may not see.
export function NotFoundMessage({ className }: { className?: string }) {
  return (
    <EmptyState
      className={className}
      title="Page not found"
      description="We couldn't find that page or SIM."
      action={
        <Link href="/sims" className={buttonClasses({ variant: "secondary" })}>
          Back to SIMs
        </Link>
      }
    />
  );
}
