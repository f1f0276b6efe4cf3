import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

// URLs that match no route land here, outside the portal shell.
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <NotFoundMessage className="w-full max-w-md" />
    </main>
  );
}
