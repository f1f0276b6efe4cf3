import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Page not found" };

// URLs that match no route land here, outside the portal shell.
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <EmptyState
        className="w-full max-w-md"
        title="Page not found"
        description="We couldn't find that page or SIM."
        action={
          <Link href="/sims" className={buttonClasses({ variant: "secondary" })}>
            Back to SIMs
          </Link>
        }
      />
    </main>
  );
}
