import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// Also what a foreign tenant's SIM or a page the role may not use looks like: nothing to learn.
export default function PortalNotFound() {
  return (
    <EmptyState
      className="mx-auto mt-8 max-w-xl"
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
